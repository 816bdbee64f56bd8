package dev.latchkey.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.flow.AuthorizationRedirect;
import dev.latchkey.flow.FlowExpiryJob;
import dev.latchkey.flow.StateCodec;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Dialect;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.Exchange;
import dev.latchkey.testkit.FakeProvider;
import dev.latchkey.testkit.Reply;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token requests against a steerable authorization server behind real flows: failure classes of
 * refreshes (5xx keeps the connection and backs off, invalid_grant requires re-authorization),
 * tokens without {@code expires_in}, the {@code POST /v1/token} shortcut, and an MCP server whose
 * metadata moves to another authorization server.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConnectionLifecycleTest {

    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = TestApp.h2(TempDirs.create("lifecycle"))
            .with("connections.refreshSkew", "0s").with("flows.expiryInterval", "1h").extension();

    private static FakeProvider as;
    private static FakeProvider otherAs;
    private static FakeResourceServer mcp;
    private static LifecycleApi api;
    private static Jdbi db;

    @BeforeAll
    static void start() {
        as = new FakeProvider("a");
        otherAs = new FakeProvider("b");
        mcp = new FakeResourceServer(as.issuer());
        api = new LifecycleApi("http://127.0.0.1:" + EXT.getLocalPort(), TestKeys.create(EXT.getConfiguration(), "acme"));
        db = TestKeys.jdbi(EXT.getConfiguration());
    }

    @AfterAll
    static void stop() {
        as.close();
        otherAs.close();
        mcp.close();
    }

    @Test
    void serverErrorKeepsTheConnectionAndBacksOffWithoutCallingUpstream() {
        mcp.authorizationServer(as.issuer());
        as.expiresIn(1L);
        String id = api.authorize(mcp.serverUrl(), "erin");
        as.answerTokenRequests("refresh_token", r -> Reply.json(500, "{\"error\":\"server_error\"}"));
        long before = as.countTokenRequests("refresh_token");
        api.awaitExpiry(id);

        HttpResponse<String> first = api.token(id);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).isPresent();
        assertThat(Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(LifecycleApi.json(first).get("code").asText()).isEqualTo("authorization_server_unavailable");
        JsonNode kept = api.connection(id);
        assertThat(kept.get("status").asText()).isEqualTo("active");
        assertThat(kept.get("refreshFailures").asInt()).isEqualTo(1);
        assertThat(kept.get("lastError").asText()).contains("server_error");
        assertThat(as.countTokenRequests("refresh_token")).isEqualTo(before + 1);

        HttpResponse<String> during = api.token(id);
        assertThat(during.statusCode()).as("still backing off").isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        assertThat(as.countTokenRequests("refresh_token")).as("no upstream call during the back-off").isEqualTo(before + 1);

        // The back-off is over (moved into the past rather than waited for); the server is back.
        db.useHandle(h -> h.execute("UPDATE connections SET next_refresh_after = ? WHERE id = ?",
                System.currentTimeMillis() - 1, id));
        as.standardTokenAnswers();
        String token = api.accessToken(id);
        assertThat(token).startsWith("a-at-");
        assertThat(as.countTokenRequests("refresh_token")).isEqualTo(before + 2);
        JsonNode recovered = api.connection(id);
        assertThat(recovered.get("refreshFailures").asInt()).isZero();
        assertThat(recovered.has("lastError")).isFalse();
    }

    @Test
    void invalidGrantRequiresReauthorizationAndWritesTheEvent() {
        mcp.authorizationServer(as.issuer());
        as.expiresIn(1L);
        String id = api.authorize(mcp.serverUrl(), "frank");
        as.answerTokenRequests("refresh_token", r -> Reply.json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"grant revoked\\u0007 by admin\"}"));
        long before = as.countTokenRequests("refresh_token");
        api.awaitExpiry(id);

        HttpResponse<String> response = api.token(id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        JsonNode problem = LifecycleApi.json(response);
        assertThat(problem.get("code").asText()).isEqualTo("reauthorization_required");
        assertThat(problem.get("connectionId").asText()).isEqualTo(id);
        JsonNode connection = api.connection(id);
        assertThat(connection.get("status").asText()).isEqualTo("reauthorization_required");
        assertThat(connection.get("lastError").asText()).isEqualTo("invalid_grant: grant revoked by admin");
        List<String> events = db.withHandle(h -> h.createQuery("""
                        SELECT notice FROM events WHERE connection_id = :id AND type = 'connection_reauthorization_required'""")
                .bind("id", id).mapTo(String.class).list());
        assertThat(events).singleElement().asString().contains("invalid_grant").contains("grant revoked by admin")
                .doesNotContain("\u0007");

        assertThat(api.token(id).statusCode()).isEqualTo(409);
        assertThat(as.countTokenRequests("refresh_token")).as("one refused refresh, not retried").isEqualTo(before + 1);
        as.standardTokenAnswers();
    }

    @Test
    void tokenWithoutExpiresInHasNoExpiryAndIsNeverRefreshed() {
        mcp.authorizationServer(as.issuer());
        as.expiresIn(null);
        String id = api.authorize(mcp.serverUrl(), "gina");
        long before = as.countTokenRequests("refresh_token");

        JsonNode connection = api.connection(id);
        assertThat(connection.has("accessTokenExpiresAt")).as(connection.toString()).isFalse();
        HttpResponse<String> first = api.token(id);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(LifecycleApi.json(first).has("expiresAt")).isFalse();
        assertThat(api.accessToken(id)).isEqualTo(LifecycleApi.json(first).get("accessToken").asText());
        assertThat(as.countTokenRequests("refresh_token")).isEqualTo(before);
    }

    @Test
    void tokenShortcutReturnsTheTokenOrStartsAFlow() {
        mcp.authorizationServer(as.issuer());
        as.expiresIn(3600L);
        String id = api.authorize(mcp.serverUrl(), "hugo");

        HttpResponse<String> connected = api.shortcut("hugo", mcp.serverUrl());
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        assertThat(LifecycleApi.json(connected).get("connectionId").asText()).isEqualTo(id);
        assertThat(LifecycleApi.json(connected).get("accessToken").asText()).isEqualTo(api.accessToken(id));

        HttpResponse<String> stranger = api.shortcut("ivy", mcp.serverUrl());
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(409);
        JsonNode problem = LifecycleApi.json(stranger);
        assertThat(problem.get("code").asText()).isEqualTo("authorization_required");
        assertThat(problem.get("authorizationUrl").asText()).startsWith("http://127.0.0.1:" + EXT.getLocalPort()
                + "/connect/");
        assertThat(problem.get("notice").asText()).contains("EventType: assistant_mcp_auth_required")
                .contains("AuthURL: " + problem.get("authorizationUrl").asText());
        assertThat(api.flow(problem.get("flowId").asText()).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void tokenShortcutToAServerThatCannotBeDiscoveredIsABadGateway() {
        // Nothing listens on port 1: discovery fails before any flow or connection exists.
        HttpResponse<String> response = api.shortcut("kim", "http://127.0.0.1:1/mcp");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        JsonNode problem = LifecycleApi.json(response);
        assertThat(problem.get("code").asText()).isEqualTo("discovery_failed");
        assertThat(problem.get("title").asText()).isEqualTo("Discovery failed");
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.has("flowId")).isFalse();
    }

    @Test
    void anotherAuthorizationServerMeansANewRegistrationAndAuthorization() {
        mcp.authorizationServer(as.issuer());
        as.expiresIn(3600L);
        String first = api.authorize(mcp.serverUrl(), "jo");
        HttpResponse<String> before = api.shortcut("jo", mcp.serverUrl());
        assertThat(LifecycleApi.json(before).get("accessToken").asText()).startsWith("a-at-");
        long tokenCallsAtA = as.countTokenRequests("refresh_token") + as.countTokenRequests("authorization_code");

        mcp.authorizationServer(otherAs.issuer());
        HttpResponse<String> moved = api.shortcut("jo", mcp.serverUrl());
        assertThat(moved.statusCode()).as("A's token is not handed out for B's server: " + moved.body())
                .isEqualTo(409);
        JsonNode problem = LifecycleApi.json(moved);
        assertThat(problem.get("code").asText()).isEqualTo("authorization_required");
        JsonNode flow = api.flow(problem.get("flowId").asText());
        assertThat(flow.at("/server/issuer").asText()).isEqualTo(otherAs.issuer());
        assertThat(otherAs.registrations()).as("a new registration at B").isEqualTo(1);
        assertThat(flow.get("timeline").findValuesAsText("step")).contains("registration");

        String second = api.complete(problem.get("authorizationUrl").asText(), problem.get("flowId").asText());
        assertThat(second).isNotEqualTo(first);
        assertThat(api.connection(second).at("/server/issuer").asText()).isEqualTo(otherAs.issuer());
        HttpResponse<String> after = api.shortcut("jo", mcp.serverUrl());
        assertThat(LifecycleApi.json(after).get("accessToken").asText()).startsWith("b-at-");
        assertThat(as.countTokenRequests("refresh_token") + as.countTokenRequests("authorization_code"))
                .as("nothing of A's was used with B").isEqualTo(tokenCallsAtA);
    }

    @Test
    void aServerThatMovedWhileCachedIsFollowedOnceItRefusesTheToken() {
        // A server and a new authorization server of their own: the cacheable metadata must not reach
        // the other tests, and Latchkey has no client at C yet.
        try (FakeResourceServer moving = new FakeResourceServer(as.issuer()); FakeProvider third = new FakeProvider("c")) {
            moving.cacheable(true);
            as.expiresIn(3600L);
            api.authorize(moving.serverUrl(), "kit");
            List<String> clientsAtA = as.authorizationRequests().stream().map(q -> q.get("client_id")).toList();

            moving.authorizationServer(third.issuer());
            assertThat(LifecycleApi.json(api.shortcut("kit", moving.serverUrl())).get("accessToken").asText())
                    .as("the cached metadata still names A").startsWith("a-at-");
            // What the server refused A's token with: a plain 401 challenge, no error code.
            JsonNode flow = api.startFlow(moving.serverUrl(), "kit", "Bearer resource_metadata=\""
                    + moving.metadataUrl() + "\"");

            assertThat(flow.at("/server/issuer").asText()).as("the metadata was read again").isEqualTo(third.issuer());
            assertThat(third.registrations()).as("a registration at C").isEqualTo(1);
            String second = api.complete(flow.get("authorizationUrl").asText(), flow.get("id").asText());
            assertThat(api.connection(second).at("/server/issuer").asText()).isEqualTo(third.issuer());
            assertThat(third.authorizationRequests()).extracting(q -> q.get("client_id"))
                    .as("A's client is never presented to C").doesNotContainAnyElementsOf(clientsAtA);
            assertThat(third.tokenRequests()).extracting(r -> r.form().getOrDefault("client_id", ""))
                    .doesNotContainAnyElementsOf(clientsAtA);
            assertThat(LifecycleApi.json(api.shortcut("kit", moving.serverUrl())).get("accessToken").asText())
                    .as("C's token from now on, never A's").startsWith("c-at-");
        }
    }

    @Test
    void theResourceGoesOutExactlyAsTheMetadataPublishesIt() {
        mcp.authorizationServer(as.issuer());
        mcp.publishedResource(mcp.serverUrl() + "/");
        try {
            as.expiresIn(1L);
            String id = api.authorize(mcp.serverUrl(), "lee");
            String published = mcp.serverUrl() + "/";
            assertThat(as.authorizationRequests().get(as.authorizationRequests().size() - 1).get("resource"))
                    .isEqualTo(published);
            List<Exchange> codes = as.tokenRequests("authorization_code");
            assertThat(codes.get(codes.size() - 1).form().get("resource")).isEqualTo(published);

            api.awaitExpiry(id);
            api.accessToken(id);
            List<Exchange> refreshes = as.tokenRequests("refresh_token");
            assertThat(refreshes.get(refreshes.size() - 1).form().get("resource")).as("the stored connection's")
                    .isEqualTo(published);
            assertThat(LifecycleApi.json(api.shortcut("lee", mcp.serverUrl())).get("connectionId").asText())
                    .as("found by the server URL all the same").isEqualTo(id);
        } finally {
            mcp.publishedResource(null);
        }
    }

    @Test
    void expiryJobExpiresOverdueFlowsAndPurgesFinishedOnes() {
        mcp.authorizationServer(as.issuer());
        String flowId = api.startFlow(mcp.serverUrl(), "kim", null).get("id").asText();
        db.useHandle(h -> h.execute("UPDATE flows SET expires_at = ? WHERE id = ?",
                System.currentTimeMillis() - 1000, flowId));
        FlowExpiryJob job = expiryJob();

        assertThat(job.expireOverdue()).isEqualTo(1);
        JsonNode expired = api.flow(flowId);
        assertThat(expired.get("status").asText()).isEqualTo("expired");
        assertThat(expired.at("/error/code").asText()).isEqualTo("expired");
        assertThat(expired.get("timeline").findValuesAsText("step")).contains("expiry");
        List<String> notices = db.withHandle(h -> h.createQuery(
                "SELECT notice FROM events WHERE flow_id = :id AND type = 'assistant_mcp_auth'").bind("id", flowId)
                .mapTo(String.class).list());
        assertThat(notices).singleElement().asString().contains("Status: failed").contains("expired");
        assertThat(job.expireOverdue()).as("each flow expires once").isZero();

        String recent = api.startFlow(mcp.serverUrl(), "kim", null).get("id").asText();
        db.useHandle(h -> h.execute("UPDATE flows SET status = 'failed', completed_at = ? WHERE id = ?",
                System.currentTimeMillis() - Duration.ofDays(29).toMillis(), recent));
        long monthAgo = System.currentTimeMillis() - Duration.ofDays(31).toMillis();
        db.useHandle(h -> h.execute("UPDATE flows SET created_at = ?, completed_at = ? WHERE id = ?",
                monthAgo - 60_000, monthAgo, flowId));
        assertThat(job.purgeFinished()).isEqualTo(1);
        assertThat(api.flowResponse(recent).statusCode()).as("finished within the retention: kept").isEqualTo(200);
        assertThat(api.flowResponse(flowId).statusCode()).isEqualTo(404);
        int steps = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM flow_steps WHERE flow_id = :id")
                .bind("id", flowId).mapTo(Integer.class).one());
        assertThat(steps).isZero();
    }

    @Test
    void aFlowStartedByAnEarlierVersionCompletesFromItsSealedUrl() {
        mcp.authorizationServer(as.issuer());
        JsonNode started = api.startFlow(mcp.serverUrl(), "legacy", null);
        String flowId = started.get("id").asText();
        // What versions before V13 stored: the whole URL, state and challenge included, sealed; no base URL.
        KeyringSource keys = EXT.getConfiguration().getKeyring().build(Clock.systemUTC());
        Flow stored = flowStore().find(flowId).orElseThrow();
        String whole = new AuthorizationRedirect(new StateCodec(keys)).urlFor(stored);
        db.useHandle(h -> h.execute("UPDATE flows SET authorize_url_sealed = ?, authorize_base_url = NULL WHERE id = ?",
                new Sealer(keys).seal(whole, "authorize:" + flowId), flowId));

        String connectionId = api.complete(started.get("authorizationUrl").asText(), flowId);
        assertThat(api.connection(connectionId).get("status").asText()).isEqualTo("active");
    }

    /** The same job the application runs, on its database, so a test can call it directly. */
    private static FlowExpiryJob expiryJob() {
        return new FlowExpiryJob(flowStore(), Duration.ofHours(1), Duration.ofDays(30), Clock.systemUTC());
    }

    /** The flow store as the application wires it, on its database. */
    private static FlowStore flowStore() {
        Clock clock = Clock.systemUTC();
        TokenVault vault = new TokenVault(new Sealer(EXT.getConfiguration().getKeyring().build(clock)));
        return new FlowStore(db, new OutboxEventWriter(EXT.getObjectMapper(), clock),
                new ConnectionWriter(vault, clock), clock, Dialect.H2, FlowStartCommit.DURABLE);
    }
}
