package dev.latchkey.issuer;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.store.Page;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console reads and ends of the authorization server, over a real database. */
class McpSessionsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String ALPHA = "http://127.0.0.1:8080/mcp/alpha";

    @Test
    void pagesConsentsAndGrantsAndEndsThemAudited() throws Exception {
        try (StoreFixture fixture = StoreFixture.open(TestDatabases.Kind.H2, TempDirs.create("issuer-sessions"))) {
            Clock clock = Clock.systemUTC();
            McpClientStore clientStore = new McpClientStore(fixture.jdbi());
            ConsentStore consents = new ConsentStore(fixture.jdbi());
            GrantStore grants = new GrantStore(fixture.jdbi());
            AuditLog audit = new AuditLog(fixture.jdbi(), clock);
            McpClients clients = new McpClients(clientStore, null, new RegistrationLimit(10, clock),
                    IssuerSettings.defaults(), clock);
            McpSessions sessions = new McpSessions(clients, consents, grants, audit, clock);

            for (int i = 0; i < 3; i++) {
                String clientId = "lkc_" + i;
                clientStore.insert(new McpClient(clientId, McpClient.Kind.REGISTERED, Optional.of("C" + i),
                        List.of("https://app.example/cb"), McpClient.AuthMethod.NONE, List.of("authorization_code"),
                        Optional.empty(), T0.plusSeconds(i), T0.plusSeconds(i), Optional.empty()));
                consents.remember("acme", "alice", clientId, ALPHA, List.of("mcp"), T0.plusSeconds(i));
                String code = "code" + i;
                grants.insertCode(new IssuedCode(code, clientId, "https://app.example/cb", ALPHA, List.of("mcp"), "c",
                        "acme", "alice", "uss_1", T0, T0.plusSeconds(60), Optional.empty(), Optional.empty()));
                grants.redeemCode(code, new Grant("grt_" + i, "acme", "alice", clientId, ALPHA, List.of("mcp"),
                        "uss_1", T0.plusSeconds(i), T0.plus(Duration.ofDays(30)), T0.plusSeconds(i), Optional.empty(),
                        Optional.empty()), "refresh" + i);
            }

            Page<McpClient> first = sessions.clients(null, 2);
            assertThat(first.items()).extracting(McpClient::clientId).containsExactly("lkc_2", "lkc_1");
            assertThat(sessions.clients(first.nextCursor().orElseThrow(), 2).items()).extracting(McpClient::clientId)
                    .containsExactly("lkc_0");
            Page<Consent> consentPage = sessions.consentsOf("acme", "alice", null, 2);
            assertThat(consentPage.items()).hasSize(2);
            assertThat(consentPage.nextCursor()).isPresent();
            assertThat(sessions.consentsOf("acme", "bob", null, 10).items()).isEmpty();
            assertThat(sessions.grantsOf("acme", "alice", null, 10).items()).extracting(Grant::id)
                    .containsExactly("grt_2", "grt_1", "grt_0");
            assertThat(sessions.grants(Optional.of("globex"), null, 10).items()).isEmpty();

            Consent withdrawn = sessions.consentsOf("acme", "alice", null, 10).items().stream()
                    .filter(c -> c.clientId().equals("lkc_1")).findFirst().orElseThrow();
            assertThat(sessions.withdrawConsentByOperator("acme", "bob", withdrawn.id(), "admin")).isFalse();
            assertThat(sessions.withdrawConsentByOperator("acme", "alice", withdrawn.id(), "admin")).isTrue();
            assertThat(sessions.grant("grt_1").orElseThrow().revokedWhy()).contains("consent_withdrawn");
            assertThat(sessions.grant("grt_0").orElseThrow().revokedAt()).as("another client's grant").isEmpty();

            assertThat(sessions.revokeGrantByOperator("grt_0", "admin")).isTrue();
            assertThat(sessions.revokeGrantByOperator("grt_0", "admin")).as("once").isFalse();
            assertThat(sessions.grant("grt_0").orElseThrow().revokedWhy()).contains("operator");
            assertThat(audit.page(Optional.of("oauth_"), Optional.of("admin"), null, 10).items())
                    .extracting(e -> e.action()).containsExactlyInAnyOrder("oauth_consent.withdraw", "oauth_grant.revoke");
        }
    }
}
