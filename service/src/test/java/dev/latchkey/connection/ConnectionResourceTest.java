package dev.latchkey.connection;

import dev.latchkey.audit.AuditBatcher;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.testing.ResourceTier;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.latchkey.testing.ResourceTier.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/connections} response shapes and problem mapping, served in memory over the real
 * connection service. The tokens here are fresh and nothing reaches an authorization server, so
 * there is no refresher and no revoker: a request that needed one would answer 500 and fail.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConnectionResourceTest {

    private static final GenericType<Map<String, Object>> MAP = new GenericType<>() { };
    private static final ResourceTier TIER = ResourceTier.onH2("connection-resource");
    private static final TokenVault VAULT = new TokenVault(TIER.sealer());
    static final ResourceExtension RESOURCES = TIER.extension(new ConnectionResource(new ConnectionService(new ConnectionStore(TIER.jdbi()),
            VAULT, null, null, new OutboxEventWriter(Jackson.newObjectMapper(), TIER.clock()), TIER.audit(),
            new AuditBatcher(TIER.audit(), Duration.ofSeconds(1), 100), Duration.ofSeconds(30), TIER.clock())));
    private static final String ACME = TIER.apiKey("acme");
    private static final Instant EXPIRES = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @AfterAll
    static void close() throws Exception {
        TIER.close();
    }

    @Test
    void aTokenAnswerCarriesTheTokenAndItsShapeButNeverTheRefreshToken() {
        String id = connected("acme", "ann", "at-ann", "rt-ann");

        Response response = as(ACME, "/v1/connections/" + id + "/token").post(Entity.entity("", MediaType.APPLICATION_JSON));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType().toString()).startsWith("application/json");
        Map<String, Object> token = response.readEntity(MAP);
        assertThat(token).containsOnlyKeys("connectionId", "accessToken", "tokenType", "expiresAt", "scopes")
                .containsEntry("connectionId", id).containsEntry("accessToken", "at-ann")
                .containsEntry("tokenType", "Bearer").containsEntry("scopes", List.of("mcp:tools"));
        assertThat(Instant.parse((String) token.get("expiresAt"))).as("RFC 3339, like every time")
                .isEqualTo(EXPIRES);
        assertThat(token.toString()).doesNotContain("rt-ann");
    }

    @Test
    void aConnectionReadsWithoutAnyTokenMaterial() {
        String id = connected("acme", "bea", "at-bea", "rt-bea");

        Map<String, Object> view = as(ACME, "/v1/connections/" + id).get(MAP);
        assertThat(view).containsEntry("id", id).containsEntry("status", "active").containsEntry("subject", "bea")
                .containsEntry("scopes", List.of("mcp:tools")).containsEntry("refreshable", true)
                .containsEntry("refreshFailures", 0).doesNotContainKeys("lastError", "lastRefreshAt");
        assertThat(view.get("server")).isEqualTo(Map.of("id", "srv-1", "slug", "files",
                "url", "https://mcp.example.com/mcp", "resource", "https://mcp.example.com/mcp",
                "issuer", "https://as.example.com"));
        assertThat(view.toString()).doesNotContain("at-bea").doesNotContain("rt-bea");
    }

    @Test
    void anotherTenantsConnectionIsNotFoundForEveryVerb() {
        String theirs = connected("globex", "gus", "at-gus", "rt-gus");

        for (Response response : List.of(as(ACME, "/v1/connections/" + theirs).get(),
                as(ACME, "/v1/connections/" + theirs + "/token").post(Entity.json("")),
                as(ACME, "/v1/connections/" + theirs).delete())) {
            Map<String, Object> problem = problem(response, 404);
            assertThat(problem).containsEntry("code", "not_found");
            assertThat(problem.toString()).doesNotContain("at-gus").doesNotContain("gus");
        }
        Map<String, Object> listed = as(ACME, "/v1/connections").get(MAP);
        assertThat(listed.get("items")).asList().extracting("id").doesNotContain(theirs);
    }

    @Test
    void aRevokedConnectionAsksForANewFlow() {
        String id = connected("acme", "cal", "at-cal", "rt-cal");
        TIER.jdbi().useExtension(ConnectionDao.class, dao -> dao.revoke(id, "disconnected", System.currentTimeMillis()));

        Map<String, Object> problem = problem(as(ACME, "/v1/connections/" + id + "/token").post(Entity.json("")), 409);
        assertThat(problem).containsEntry("code", "reauthorization_required").containsEntry("connectionId", id);
        assertThat((String) problem.get("detail")).contains("revoked");
    }

    @Test
    void listFiltersAreValidated() {
        assertThat(problem(withQuery("serverUrl", "not a url").get(), 400)).containsEntry("code", "invalid_request")
                .containsEntry("detail", "serverUrl must be an absolute http(s) URL.");
        assertThat(problem(withQuery("serverUrl", "//mcp.example.com/mcp").get(), 400))
                .containsEntry("code", "invalid_request");
        assertThat(problem(withQuery("status", "bogus").get(), 400)).containsEntry("code", "invalid_status");
        assertThat(problem(withQuery("limit", "0").get(), 400)).containsEntry("code", "invalid_limit");
    }

    @Test
    void listFindsBySubjectAndServerUrl() {
        String id = connected("acme", "dee", "at-dee", "rt-dee");

        Map<String, Object> bySubject = withQuery("subject", "dee").get(MAP);
        assertThat(bySubject.get("items")).asList().extracting("id").containsExactly(id);
        Map<String, Object> byUrl = RESOURCES.target("/v1/connections").queryParam("subject", "dee")
                .queryParam("serverUrl", "HTTPS://MCP.example.com/mcp").request()
                .header("Authorization", "Bearer " + ACME).get(MAP);
        assertThat(byUrl.get("items")).asList().extracting("id").containsExactly(id);
        assertThat(byUrl).containsEntry("nextCursor", null);
    }

    /** Stores a connection as a finished flow would, and returns its id. */
    private static String connected(String tenant, String subject, String accessToken, String refreshToken) {
        ConnectionWriter.Identity who = new ConnectionWriter.Identity(tenant, subject, "srv-1", "files",
                "https://mcp.example.com/mcp", "https://mcp.example.com/mcp", "https://mcp.example.com/mcp",
                "https://as.example.com", "cli-1");
        TokenSet tokens = new TokenSet(accessToken, "Bearer", Optional.of(refreshToken), Optional.of(EXPIRES),
                List.of("mcp:tools"));
        return TIER.jdbi().inTransaction(h -> new ConnectionWriter(VAULT, TIER.clock()).store(h, who, tokens));
    }

    private static Invocation.Builder withQuery(String name, String value) {
        return RESOURCES.target("/v1/connections").queryParam(name, value).request()
                .header("Authorization", "Bearer " + ACME);
    }

    private static Invocation.Builder as(String key, String path) {
        return RESOURCES.target(path).request().header("Authorization", "Bearer " + key);
    }
}
