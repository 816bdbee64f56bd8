package dev.latchkey.rehearsal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.discovery.DiscoveryFactory;
import dev.latchkey.flow.FlowEngine;
import dev.latchkey.flow.FlowLinks;
import dev.latchkey.flow.FlowRequests;
import dev.latchkey.flow.FlowsFactory;
import dev.latchkey.flow.StateCodec;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.registration.ClientMetadataDocument;
import dev.latchkey.registration.RegistrationFactory;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Dialect;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.DataSize;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DropwizardExtensionsSupport.class)
class StartupRehearsalTest {

    private static final TestApp APP = TestApp.h2(TempDirs.create("rehearsal"));
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    private static final List<String> TABLES = List.of("flows", "flow_steps", "events", "audit_log",
            "registered_clients", "connections", "api_keys");

    private final ObjectMapper json = Jackson.newObjectMapper();
    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void runsAWholeFlowAgainstItsOwnPeerAndCommitsNothing(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            // Discovery (RFC 9728, then RFC 8414) and dynamic registration, in that order; then the
            // flow's writes, its lookup by link and the link's sealed state, or rehearse() throws.
            assertThat(rehearsal(db.jdbi(), kind, new EgressFactory()).rehearse(3).peerRequests()).containsExactly(
                    "GET /.well-known/oauth-protected-resource/mcp",
                    "GET /.well-known/oauth-authorization-server",
                    "POST /register");

            assertNothingKept(db.jdbi());
        }
    }

    @Test
    void aRehearsalThatFailsNeverStopsTheStart() throws Exception {
        try (StoreFixture db = StoreFixture.open(TestDatabases.Kind.H2, dir)) {
            EgressFactory tooSmall = new EgressFactory();
            tooSmall.setMaxResponseSize(DataSize.bytes(16));

            assertThatThrownBy(() -> rehearsal(db.jdbi(), TestDatabases.Kind.H2, tooSmall).rehearse(1)).isNotNull();
            assertThatCode(() -> rehearsal(db.jdbi(), TestDatabases.Kind.H2, tooSmall).run())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void theServerRehearsesItsFlowAndItsApiAndKeepsNothingOfIt() throws Exception {
        // The application's own rehearsal, as wired in run(): its flow, then its API calls in process
        // (its own key authenticated, the flow read back, a refused start answered as a problem).
        StartupRehearsal.Rehearsed again = ((LatchkeyApplication) EXT.getApplication()).rehearsal().rehearse(2);
        assertThat(again.peerRequests()).hasSize(3);
        assertThat(again.apiCalls()).containsExactly("GET /v1/flows/{id} 200", "POST /v1/flows 400");

        var database = EXT.getConfiguration().getDatabase();
        assertNothingKept(Jdbi.create(database.getUrl(), database.getUser(),
                Objects.requireNonNullElse(database.getPassword(), "")));
    }

    private static void assertNothingKept(Jdbi jdbi) {
        for (String table : TABLES) {
            long rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
            assertThat(rows).as(table).isZero();
        }
    }

    private StartupRehearsal rehearsal(Jdbi jdbi, TestDatabases.Kind kind, EgressFactory egress) {
        KeyringSource keys = KeyringSource.fixed(Keyring.generate(clock));
        RegistrationFactory registration = new RegistrationFactory();
        URI base = URI.create("http://127.0.0.1:8080");
        FlowsFactory flows = new FlowsFactory();
        FlowEngine.Settings settings = new FlowEngine.Settings(new DiscoveryFactory(), registration,
                ClientMetadataDocument.of(base, registration), flows, new FlowLinks(base),
                FlowStartCommit.ASYNCHRONOUS);
        return new StartupRehearsal(new StartupRehearsal.Needs(jdbi, kind == TestDatabases.Kind.H2 ? Dialect.H2
                : Dialect.POSTGRESQL, settings, egress, new FlowRequests(json, flows.getMaxContextBytes()),
                new StateCodec(keys), new Sealer(keys), ProviderHooks.none(), new ApiKeys(jdbi, clock), null, json,
                clock));
    }
}
