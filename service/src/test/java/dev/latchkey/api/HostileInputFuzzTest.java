package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.api.HostileRequests.Tenant;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.RawHttp;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.FixedSeedMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile input against the running application (jqwik), for every REST endpoint of the
 * README's API table and both browser pages. Each request is sent raw over a loopback socket, so
 * the request target, headers and body can be anything an attacker could put on the wire.
 *
 * <p>What every answer must satisfy:
 * <ul>
 * <li>No 5xx. The one exception is a gateway answer (502/503/504) to a well-formed request that made
 * Latchkey call an upstream server — a flow start, {@code /v1/token}, a token refresh or a
 * disconnect — whose problem {@code code} names an upstream failure. The generated servers never
 * answer (their hosts are loopback ports where nothing listens, refused by the production egress
 * guard, or names under {@code .invalid}/{@code .test} that never resolve), so these are the honest
 * answer to accepted input.</li>
 * <li>Under {@code /v1}, every 4xx/5xx is RFC 9457 problem JSON with {@code type}, {@code title},
 * a {@code status} equal to the HTTP status and a non-empty {@code code}.</li>
 * <li>A browser page ({@code /connect/…}, {@code /oauth/callback…}) answers HTML, whatever the
 * request asked for; only a request Jetty refuses before it is parsed far enough to name the page
 * (oversized headers, an unparsable request line) gets problem JSON.</li>
 * <li>No body carries a stack trace or an exception class name.</li>
 * <li>Nothing is written for rejected input: when the answer is 400, 401, 403, 404, 405, 406, 411,
 * 413, 414, 415, 422, 429 or 431, the rows of flows, flow_steps, connections, webhooks,
 * webhook_deliveries, events, gateway_tokens, upstream_servers and audit_log are unchanged
 * (counted, plus the columns an update would move). Other answers are accepted input, which may legitimately write: a well-formed flow
 * start whose discovery fails upstream records a failed flow (502), {@code /v1/token} may start one
 * (409 {@code authorization_required}), a refused callback keeps its bounded security record
 * (audit {@code callback.*} rows and {@code callback} steps, the only rows excluded on browser
 * pages).</li>
 * </ul>
 *
 * <p>The authorization server of the gateway is on, with sign-in at the identity provider corp (tenant
 * default; its issuer is under {@code .invalid}, so starting a sign-in there answers 502, the honest answer
 * as for an upstream) and a signed-in user of it ({@link IssuerFixtures}). Its metadata, JWKS, the protected
 * resource metadata of hostile slugs, registration, authorization (with and without the user's session),
 * token and revocation endpoints, and the gateway route with bearer tokens that only look like its access
 * tokens are fuzzed too ({@link HostileOAuthRequests}); {@link IssuerAnswerRules} holds what their answers
 * must satisfy beyond the above: RFC 6749 error JSON (not problem JSON) on the back channel, never cached;
 * on {@code /oauth/authorize} an HTML page or a redirect — to sign-in, or to a redirect URI the named
 * client registered, and only a redirect with a code may write; at the gateway 401 with the route's
 * challenge. The write counts include the authorization server's tables; a code or refresh token used
 * again revokes its grant on purpose, so the token endpoint's reuse record is left out of them.
 *
 * <p>The app runs as in production ({@code egress.allowPrivateNetworks: false}): loopback and plain
 * http are refused before any connection, and the generated URLs name no other host (a try whose
 * request would name one is discarded, as a second guard). Tenants are kept apart so that no
 * background delivery can move a count mid-request: acme starts flows and has no webhooks; hooks
 * and stranger create webhooks and never have events; other owns fixtures the rest must not reach.
 *
 * <p>Reproduce with {@code -Dlatchkey.fuzz.seed=N} (default fixed), change the tries per property
 * with {@code -Dlatchkey.fuzz.tries=N}, and run on PostgreSQL (embedded) instead of H2 with
 * {@code -Dlatchkey.fuzz.database=postgres}.
 */
@AddLifecycleHook(value = HostileInputFuzzTest.FuzzSettings.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class HostileInputFuzzTest {

    static final String DEFAULT_SEED = "20261206";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp APP = TestApp.of(TestDatabases.Kind.valueOf(
                    System.getProperty("latchkey.fuzz.database", "h2").toUpperCase(java.util.Locale.ROOT)),
                    TempDirs.create("fuzz"))
            .with("egress.allowPrivateNetworks", "false")
            // Thousands of requests from one key and one address: the limits have tests of their own.
            .with("limits.api.ratePerSecond", "0").with("limits.browser.ratePerSecond", "0")
            // The authorization server, with sign-in at an identity provider that never answers (tenant default).
            // Codes live for the run: the fixtures mint them once (their lifetime has tests of its own).
            .with("authorizationServer.enabled", "true").with("authorizationServer.codeLifetime", "30m")
            .identityProvider("corp", "https://idp.example.invalid", "latchkey", "fuzz-secret", "[\"*\"]",
                    "{servers: [\"*\"], users: [\"*\"]}");
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static Jdbi db;
    private static Handle counting;
    private static FuzzFixtures fixtures;
    private static HostileRequests requests;
    private static IssuerFixtures issuer;
    private static HostileOAuthRequests oauth;

    /** The fixed seed and the tries, from system properties, for every property of this class. */
    static final class FuzzSettings implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setSeed(System.getProperty("latchkey.fuzz.seed", DEFAULT_SEED));
            context.attributes().setWhenFixedSeed(FixedSeedMode.ALLOW);
            Integer tries = Integer.getInteger("latchkey.fuzz.tries");
            if (tries != null) {
                context.attributes().setTries(tries);
            }
            return property.execute();
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        EXT.before();
        db = TestKeys.jdbi(EXT.getConfiguration());
        counting = db.open();
        fixtures = FuzzFixtures.create(db, APP.port(), new ApiKeys(db, Clock.systemUTC()));
        requests = new HostileRequests(fixtures);
        issuer = IssuerFixtures.create(APP.port(), new ApiKeys(db, Clock.systemUTC()),
                ((LatchkeyApplication) EXT.getApplication()).signIn().sessions());
        oauth = new HostileOAuthRequests(issuer);
    }

    @AfterContainer
    static void stop() {
        if (counting != null) {
            counting.close();
        }
        EXT.after();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("dw."))
                .forEach(System::clearProperty);
    }

    // ---- the endpoint families ----

    @Property(tries = 200)
    void startingFlows(@ForAll("flowStarts") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> flowStarts() {
        Arbitrary<byte[]> hostile = HostileInputs.body(Map.of(
                "serverUrl", HostileInputs.safeUrl().map(HostileInputs::jsonString),
                "subject", Arbitraries.oneOf(Arbitraries.just("alice"), HostileInputs.text()).map(HostileInputs::jsonString),
                "serverId", Arbitraries.oneOf(Arbitraries.of("github", "my-server", "a:b/c@d"), HostileInputs.text())
                        .map(HostileInputs::jsonString),
                "wwwAuthenticate", HostileInputs.challenge().map(HostileInputs::jsonString),
                "scopes", HostileInputs.text().list().ofMaxSize(60).map(HostileInputs::jsonArray),
                "context", Arbitraries.oneOf(HostileInputs.jsonValue(), Arbitraries.of("{}", "{\"a\":{\"b\":[1]}}",
                        "{\"big\":\"" + "x".repeat(3000) + "\"}"))));
        // Well-formed starts too, so that accepted input (a failed flow, 502) is fuzzed as well as refusals.
        Arbitrary<byte[]> wellFormed = Combinators.combine(HostileInputs.wellFormedUrl(), HostileInputs.wellFormedText(),
                        HostileInputs.challenge(), Arbitraries.of("[]", "[\"read\"]", "[\"a:b\",\"c/d\"]"),
                        Arbitraries.of("null", "{}", "{\"note\":\"<b>\\u0000</b>\"}"))
                .as((url, subject, challenge, scopes, context) -> HostileInputs.utf8("{\"serverUrl\":"
                        + HostileInputs.jsonString(url) + ",\"subject\":" + HostileInputs.jsonString(subject)
                        + ",\"wwwAuthenticate\":" + HostileInputs.jsonString(challenge) + ",\"scopes\":" + scopes
                        + ",\"context\":" + context + "}"));
        return requests.post(Arbitraries.just("/v1/flows"), Tenant.ACME, Arbitraries.frequencyOf(Tuple.of(3, hostile),
                Tuple.of(2, wellFormed)));
    }

    @Property(tries = 200)
    void readingAndCancellingFlows(@ForAll("flowReads") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> flowReads() {
        Arbitrary<String> ids = requests.ids(fixtures.flowIds());
        return Arbitraries.oneOf(
                requests.get(ids.map(id -> "/v1/flows/" + id), Tenant.ACME),
                requests.post(requests.ids(fixtures.cancellableFlowIds()).map(id -> "/v1/flows/" + id + "/cancel"),
                        Tenant.ACME,
                        HostileInputs.body(Map.of("reason", HostileInputs.text().map(HostileInputs::jsonString)))),
                requests.get(HostileInputs.query(Map.of("status", Arbitraries.of("pending", "authorized", "failed", "expired",
                                "cancelled", "PENDING", "pending ", "unknown", "pending,failed"),
                        "subject", HostileInputs.text(), "serverId", HostileInputs.text(),
                        "cursor", HostileInputs.cursor(), "limit", HostileInputs.limit())).map(q -> "/v1/flows" + q),
                        Tenant.ACME));
    }

    @Property(tries = 200)
    void connections(@ForAll("connectionRequests") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> connectionRequests() {
        Arbitrary<String> ids = requests.ids(fixtures.connectionIds());
        return Arbitraries.frequencyOf(
                Tuple.of(3, requests.get(HostileInputs.query(Map.of("subject", HostileInputs.text(),
                        "serverUrl", Arbitraries.oneOf(HostileInputs.safeUrl(), HostileInputs.text()),
                        "status", Arbitraries.of("active", "revoked", "reauthorization_required", "ACTIVE", "x"),
                        "cursor", HostileInputs.cursor(), "limit", HostileInputs.limit()))
                        .map(q -> "/v1/connections" + q), Tenant.ACME)),
                Tuple.of(1, requests.get(ids.map(id -> "/v1/connections/" + id), Tenant.ACME)),
                Tuple.of(1, requests.request(Arbitraries.just("DELETE"), ids.map(id -> "/v1/connections/" + id), Tenant.ACME,
                        Arbitraries.just(Optional.<byte[]>empty()))),
                Tuple.of(1, requests.post(ids.map(id -> "/v1/connections/" + id + "/token"), Tenant.ACME,
                        HostileInputs.body(Map.of("scopes", HostileInputs.jsonValue())))));
    }

    @Property(tries = 200)
    void tokenShortcut(@ForAll("tokenRequests") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> tokenRequests() {
        Arbitrary<byte[]> hostile = HostileInputs.body(Map.of(
                "subject", Arbitraries.oneOf(Arbitraries.just("alice"), HostileInputs.text()).map(HostileInputs::jsonString),
                "serverUrl", HostileInputs.safeUrl().map(HostileInputs::jsonString)));
        Arbitrary<byte[]> wellFormed = Combinators.combine(HostileInputs.wellFormedUrl(), HostileInputs.wellFormedText())
                .as((url, subject) -> HostileInputs.utf8("{\"subject\":" + HostileInputs.jsonString(subject)
                        + ",\"serverUrl\":" + HostileInputs.jsonString(url) + "}"));
        return requests.post(Arbitraries.just("/v1/token"), Tenant.ACME, Arbitraries.frequencyOf(Tuple.of(3, hostile),
                Tuple.of(2, wellFormed)));
    }

    @Property(tries = 200)
    void events(@ForAll("eventReads") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> eventReads() {
        // wait: every invalid value, but of the valid ones only 0 (a long poll would only spend time)
        return requests.get(HostileInputs.query(Map.of("after", HostileInputs.cursor(), "limit", HostileInputs.limit(),
                "type", Arbitraries.of("assistant_mcp_auth_required", "assistant_mcp_auth", "connection_revoked",
                        "flow.failed", "ASSISTANT_MCP_AUTH", ""),
                "subject", HostileInputs.text(),
                "wait", Arbitraries.of("0", "-1", "31", "9999999999", "abc", "1.5", " ", "0x1", "+0", "%")))
                .map(q -> "/v1/events" + q), Tenant.ACME);
    }

    @Property(tries = 200)
    void instructionsPluginsWhoamiMeta(@ForAll("smallReads") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> smallReads() {
        return requests.get(Arbitraries.oneOf(
                HostileInputs.query(Map.of("version", Arbitraries.oneOf(HostileInputs.limit(), HostileInputs.text())))
                        .map(q -> "/v1/instructions" + q),
                Arbitraries.of("/v1/plugins", "/v1/whoami", "/v1/meta", "/v1/plugins/", "/v1/whoami/x", "/v1/meta%00",
                        "/v1//meta", "/v1/./meta", "/v1/../v1/meta", "/v1/%6d%65%74%61", "/V1/meta", "/v1",
                        "/v1/").flatMap(path -> HostileInputs.query(Map.of("x", HostileInputs.text())).map(q -> path + q))),
                Tenant.ACME);
    }

    @Property(tries = 200)
    void creatingWebhooks(@ForAll("webhookCreations") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> webhookCreations() {
        return requests.post(Arbitraries.just("/v1/webhooks"), Tenant.HOOKS, webhookBody());
    }

    @Property(tries = 200)
    void changingAndDeletingWebhooks(@ForAll("webhookChanges") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> webhookChanges() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, requests.request(Arbitraries.just("PATCH"), requests.ids(fixtures.webhookIds()).map(id -> "/v1/webhooks/" + id),
                        Tenant.HOOKS, webhookBody().map(Optional::of))),
                Tuple.of(1, requests.request(Arbitraries.just("DELETE"), requests.ids(fixtures.deletableWebhookIds())
                        .map(id -> "/v1/webhooks/" + id), Tenant.HOOKS, Arbitraries.just(Optional.<byte[]>empty()))));
    }

    @Property(tries = 200)
    void rotatingWebhookSecrets(@ForAll("secretRotations") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> secretRotations() {
        return requests.post(requests.ids(fixtures.webhookIds()).map(id -> "/v1/webhooks/" + id + "/rotate-secret"), Tenant.HOOKS,
                HostileInputs.body(Map.of("overlapSeconds", Arbitraries.oneOf(HostileInputs.limit(),
                        Arbitraries.of("-1", "604800", "604801", "9223372036854775807", "9223372036854775808",
                                "-9223372036854775808", "1e3", "\"60\"", "null", "0", "1.5")))));
    }

    private static Arbitrary<byte[]> webhookBody() {
        return HostileInputs.body(Map.of(
                "url", HostileInputs.safeUrl().map(HostileInputs::jsonString),
                "eventTypes", Arbitraries.oneOf(HostileInputs.text().list().ofMaxSize(5),
                        Arbitraries.of("assistant_mcp_auth", "connection_revoked", "x").list().ofMaxSize(4))
                        .map(HostileInputs::jsonArray),
                "enabled", Arbitraries.of("true", "false", "null", "\"true\"", "1", "0", "\"yes\"")));
    }

    @Property(tries = 200)
    void readingWebhooksAndRetryingDeliveries(@ForAll("webhookReads") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> webhookReads() {
        Arbitrary<String> ids = requests.ids(fixtures.webhookIds());
        return Arbitraries.oneOf(
                requests.get(Arbitraries.of("/v1/webhooks", "/v1/webhooks/", "/v1/webhooks?x=1"), Tenant.HOOKS),
                requests.get(ids.map(id -> "/v1/webhooks/" + id), Tenant.HOOKS),
                requests.get(Combinators.combine(ids, HostileInputs.query(Map.of("cursor", HostileInputs.cursor(),
                        "limit", HostileInputs.limit()))).as((id, q) -> "/v1/webhooks/" + id + "/deliveries" + q),
                        Tenant.HOOKS),
                requests.post(requests.ids(fixtures.deliveryIds()).map(id -> "/v1/deliveries/" + id + "/retry"),
                        Tenant.HOOKS, HostileInputs.body(Map.of("now", HostileInputs.jsonValue()))));
    }

    @Property(tries = 200)
    void mintingGatewayTokens(@ForAll("gatewayTokenMints") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> gatewayTokenMints() {
        return requests.post(Arbitraries.just("/v1/gateway-tokens"), Tenant.HOOKS, HostileInputs.body(Map.of(
                "subject", Arbitraries.oneOf(Arbitraries.just("alice"), HostileInputs.text()).map(HostileInputs::jsonString),
                "name", HostileInputs.text().map(HostileInputs::jsonString),
                "expiresAt", Arbitraries.oneOf(HostileInputs.text(), Arbitraries.of("2030-01-01T00:00:00Z",
                        "2999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2030-01-01T00:00:00+25:00",
                        "+999999999-12-31T23:59:59Z")).map(HostileInputs::jsonString),
                "expiresInSeconds", Arbitraries.oneOf(HostileInputs.limit(), Arbitraries.of("-1", "60", "3600",
                        "31622400", "31622401", "9223372036854775807", "9223372036854775808", "1e3", "\"60\"",
                        "null", "1.5")),
                "servers", Arbitraries.oneOf(HostileInputs.text().list().ofMaxSize(40),
                        Arbitraries.of("github", "srv_1", "a.b-c").list().ofMaxSize(4)).map(HostileInputs::jsonArray))));
    }

    @Property(tries = 200)
    void readingAndRevokingGatewayTokens(@ForAll("gatewayTokenReads") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> gatewayTokenReads() {
        Arbitrary<String> ids = requests.ids(fixtures.gatewayTokenIds());
        return Arbitraries.oneOf(
                requests.get(HostileInputs.query(Map.of("subject", HostileInputs.text(), "cursor",
                        HostileInputs.cursor(), "limit", HostileInputs.limit())).map(q -> "/v1/gateway-tokens" + q),
                        Tenant.HOOKS),
                requests.get(ids.map(id -> "/v1/gateway-tokens/" + id), Tenant.HOOKS),
                requests.request(Arbitraries.just("DELETE"), ids.map(id -> "/v1/gateway-tokens/" + id), Tenant.HOOKS,
                        Arbitraries.just(Optional.<byte[]>empty())));
    }

    @Property(tries = 200)
    void registeringServers(@ForAll("serverRegistrations") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> serverRegistrations() {
        return requests.post(Arbitraries.just("/v1/servers"), Tenant.HOOKS, HostileInputs.body(Map.of(
                "url", Arbitraries.oneOf(HostileInputs.text(), Arbitraries.of("https://mcp.example.invalid/mcp",
                        "http://127.0.0.1/mcp", "https://user:pw@mcp.example.invalid/", "https://mcp.example.invalid/?k=v",
                        "https://mcp.example.invalid/#f", "ftp://mcp.example.invalid/", "https:///x", "https://[::1]/mcp",
                        "https://xn--e1afmkfd.example/mcp", "https://mcp.example.invalid/" + "a".repeat(2100)))
                        .map(HostileInputs::jsonString),
                "name", Arbitraries.oneOf(Arbitraries.just("Files"), HostileInputs.text()).map(HostileInputs::jsonString))));
    }

    @Property(tries = 200)
    void readingAndDeletingServers(@ForAll("serverReads") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> serverReads() {
        Arbitrary<String> ids = requests.ids(fixtures.serverIds());
        return Arbitraries.oneOf(
                requests.get(HostileInputs.query(Map.of("cursor", HostileInputs.cursor(), "limit",
                        HostileInputs.limit())).map(q -> "/v1/servers" + q), Tenant.HOOKS),
                requests.get(ids.map(id -> "/v1/servers/" + id), Tenant.HOOKS),
                requests.request(Arbitraries.just("DELETE"), ids.map(id -> "/v1/servers/" + id), Tenant.HOOKS,
                        Arbitraries.just(Optional.<byte[]>empty())));
    }

    @Property(tries = 200)
    void landingPages(@ForAll("landings") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> landings() {
        return requests.browser(requests.ids(fixtures.links()).map(link -> "/connect/" + link));
    }

    @Property(tries = 200)
    void callbacks(@ForAll("callbackRequests") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> callbackRequests() {
        Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.just("/oauth/callback"),
                Arbitraries.of("abcdefghijklmnopqrst", "ABCDEFGHIJKLMNOPQRST", "abc", "a".repeat(21), "%2e%2e",
                        "..", "abcdefghijklmnopqrs%00").map(key -> "/oauth/callback/" + key),
                HostileInputs.pathSegment(List.of("abcdefghijklmnopqrst")).map(key -> "/oauth/callback/" + key));
        Arbitrary<String> query = HostileInputs.query(Map.of(
                "state", Arbitraries.oneOf(Arbitraries.of(fixtures.states()), HostileInputs.cursor(),
                        Arbitraries.of(fixtures.states()).map(s -> s.substring(0, s.length() - 2) + "AA")),
                "code", HostileInputs.text(),
                "error", Arbitraries.oneOf(Arbitraries.of("access_denied", "server_error", "invalid_scope"),
                        HostileInputs.text()),
                "error_description", HostileInputs.text(),
                "iss", Arbitraries.oneOf(HostileInputs.safeUrl(), HostileInputs.text())));
        return requests.browser(Combinators.combine(path, query).as(String::concat));
    }

    @Property(tries = 100)
    void signInPages(@ForAll("signInRequests") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> signInRequests() {
        Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.of("/signin", "/signin/callback", "/signin/dev",
                        "/signin/end", "/signin/", "/signin/%2e%2e", "/signin/corp/extra"),
                HostileInputs.pathSegment(List.of("corp")).map(name -> "/signin/" + name));
        Arbitrary<String> query = HostileInputs.query(Map.of(
                "continue", Arbitraries.oneOf(Arbitraries.of("/", "//evil.example", "/\\evil.example",
                        "https://evil.example/", "/oauth/authorize?x=1"), HostileInputs.text()),
                "state", HostileInputs.text(),
                "code", HostileInputs.text(),
                "error", Arbitraries.oneOf(Arbitraries.of("access_denied", "server_error"), HostileInputs.text()),
                "iss", Arbitraries.oneOf(HostileInputs.safeUrl(), HostileInputs.text())));
        return requests.browser(Combinators.combine(path, query).as(String::concat));
    }

    @Property(tries = 200)
    void anyEndpointAnyMethodAnyHeaders(@ForAll("anything") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> anything() {
        Arbitrary<String> paths = Arbitraries.of("/v1/flows", "/v1/flows/" + fixtures.flowIds().get(0),
                "/v1/flows/x/cancel", "/v1/connections", "/v1/connections/x", "/v1/connections/x/token", "/v1/token",
                "/v1/events", "/v1/instructions", "/v1/webhooks", "/v1/webhooks/x", "/v1/webhooks/x/rotate-secret",
                "/v1/webhooks/x/deliveries", "/v1/deliveries/x/retry", "/v1/gateway-tokens", "/v1/gateway-tokens/x",
                "/v1/servers", "/v1/servers/x",
                "/v1/plugins", "/v1/whoami", "/v1/meta",
                "/v1/nothing", "/connect/x", "/oauth/callback", "/oauth/callback/abcdefghijklmnopqrst", "/signin",
                "/signin/callback", "/signin/end", "/signin/dev", "/signin/corp", "/oauth/consents",
                "/oauth/consents/oc_x/withdraw");
        Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
                "CONNECT", "FOO", "get", "P0ST");
        Arbitrary<Optional<byte[]>> bodies = Arbitraries.oneOf(Arbitraries.just(Optional.<byte[]>empty()),
                HostileInputs.body(Map.of("serverUrl", HostileInputs.safeUrl().map(HostileInputs::jsonString),
                        "subject", HostileInputs.text().map(HostileInputs::jsonString),
                        "url", HostileInputs.safeUrl().map(HostileInputs::jsonString))).map(Optional::of));
        Arbitrary<Tenant> tenants = Arbitraries.of(Tenant.ACME, Tenant.HOOKS);
        return tenants.flatMap(tenant -> requests.request(methods, paths, tenant, bodies));
    }

    // ---- the authorization server and the gateway's door ----

    @Property(tries = 100)
    void authorizationServerDocuments(@ForAll("issuerDocuments") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> issuerDocuments() {
        return oauth.documents();
    }

    @Property(tries = 150)
    void registeringClients(@ForAll("clientRegistrations") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> clientRegistrations() {
        return oauth.registrations();
    }

    @Property(tries = 200)
    void authorizing(@ForAll("authorizationRequests") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> authorizationRequests() {
        return oauth.authorizations();
    }

    @Property(tries = 200)
    void tokensAndRevocation(@ForAll("tokenEndpointRequests") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> tokenEndpointRequests() {
        return oauth.tokenCalls();
    }

    @Property(tries = 100)
    void gatewayBearers(@ForAll("gatewayBearerRequests") RawHttp.Request request) {
        exchange(request);
    }

    @Provide
    Arbitrary<RawHttp.Request> gatewayBearerRequests() {
        return oauth.gatewayBearers();
    }

    // ---- what the fuzz found, kept as examples ----

    @Example
    void aBodyThatDoesNotDecodeAsItsContentEncodingIs400NotA500() {
        RawHttp.Response response = send("POST", "/v1/token", fixtures.acmeKey(), "application/json",
                "{\"subject\":\"alice\"}", "Content-Encoding", "gzip");
        assertThat(response.status()).isEqualTo(400);
        assertThat(AnswerRules.problem(response).orElseThrow().path("code").asText()).isEqualTo("undecodable_body");
    }

    @Example
    void errorsTheServletContainerAnswersItselfAreProblems() {
        // an ambiguous segment (DELETE: Jetty wrote no body for methods other than GET, POST, HEAD)
        assertProblem(send("DELETE", "/v1/connections/%2e%2e", fixtures.acmeKey(), null, null), 400, "bad_request");
        // a method the server does not allow at all
        assertProblem(send("TRACE", "/v1/flows", fixtures.acmeKey(), null, null), 405, "method_not_allowed");
        // an Accept header that does not parse
        assertProblem(send("GET", "/v1/whoami", fixtures.acmeKey(), null, null, "Accept", "*/*;q=x"), 400,
                "bad_request");
    }

    @Example
    void browserPagesAnswerHtmlWhateverWasAsked() {
        for (RawHttp.Response response : List.of(
                send("GET", "/connect/" + fixtures.links().get(1), null, null, null, "Accept", "application/json"),
                send("GET", "/oauth/callback?state=x", null, null, null, "Accept", "application/json"),
                send("POST", "/connect/x", null, "application/json", "{}"),
                send("GET", "/connect/", null, null, null),
                send("GET", "/oauth/callback/%2e%2e", null, null, null),
                send("GET", "/signin?continue=%2F%2Fevil.example", null, null, null, "Accept", "application/json"),
                send("GET", "/signin/callback?state=x", null, null, null, "Accept", "application/json"),
                send("POST", "/signin/end", null, "application/json", "{}"),
                send("GET", "/signin/corp/extra", null, null, null))) {
            assertThat(response.header("Content-Type")).as(response.toString())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(response.body()).contains("<html").doesNotContain("\"code\"");
        }
    }

    @Example
    void aSchemeRelativeServerUrlFilterIs400() {
        assertProblem(send("GET", "/v1/connections?serverUrl=%2F%2Fmcp.example.invalid%2Fmcp", fixtures.acmeKey(),
                null, null), 400, "invalid_request");
    }

    @Example
    void aLimitThatIsNotANumberIs400NotA404() {
        assertProblem(send("GET", "/v1/flows?limit=abc", fixtures.acmeKey(), null, null), 400, "invalid_limit");
        assertProblem(send("GET", "/v1/connections?limit=1e3", fixtures.acmeKey(), null, null), 400, "invalid_limit");
    }

    @Example
    void aNulInAQueryParameterOrCursorIs400() {
        // PostgreSQL cannot hold NUL in text: these were database errors (500) there
        for (String target : List.of("/v1/flows?subject=%00", "/v1/connections?subject=a%00b", "/v1/events?subject=%00",
                "/v1/flows?serverId=%00")) {
            assertProblem(send("GET", target, fixtures.acmeKey(), null, null), 400, "invalid_parameter");
        }
        String cursor = HostileInputs.base64("1:flw_\u0000");
        assertProblem(send("GET", "/v1/flows?cursor=" + cursor, fixtures.acmeKey(), null, null), 400, "invalid_cursor");
    }

    @Example
    void aLongUrlInAChallengeFailsTheFlowWithAShortenedDescription() throws Exception {
        String challenge = "Bearer resource_metadata=\\\"https://mcp.example.invalid/" + "p".repeat(1900) + "\\\"";
        RawHttp.Response response = send("POST", "/v1/flows", fixtures.acmeKey(), "application/json",
                "{\"serverUrl\":\"https://mcp.example.invalid/mcp\",\"subject\":\"alice\",\"wwwAuthenticate\":\""
                        + challenge + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        String flowId = AnswerRules.problem(response).orElseThrow().path("flowId").asText();
        JsonNode flow = JSON.readTree(send("GET", "/v1/flows/" + flowId, fixtures.acmeKey(), null, null).body());
        assertThat(flow.path("status").asText()).isEqualTo("failed");
        assertThat(flow.path("error").path("description").asText()).hasSizeLessThanOrEqualTo(600);
    }

    @Example
    void aServerUrlOfManyNonAsciiCharactersIsNotA500() {
        RawHttp.Response response = send("POST", "/v1/flows", fixtures.acmeKey(), "application/json",
                "{\"serverUrl\":\"https://mcp.example.invalid/" + "\u00e9".repeat(1900) + "\",\"subject\":\"alice\"}");
        assertThat(response.status()).as(response.toString()).isIn(400, 502);
    }

    @Example
    void aCharsetNoOneKnowsIsARefusalAtTheAuthorizationServerNotA500() {
        // registered (or 429 when the fuzz used up this minute's registrations): the body was read
        RawHttp.Response registration = send("POST", "/oauth/register", null, "application/json; charset=nonsense",
                "{\"redirect_uris\":[\"https://app.example.invalid/cb\"]}");
        assertOAuthError(registration, registration.status() == 429 ? 429 : 201, null);
        assertOAuthError(send("POST", "/oauth/token", null, "application/x-www-form-urlencoded; charset=nonsense",
                "grant_type=refresh_token&refresh_token=lkr_x&client_id=" + issuer.publicClient()), 400, "invalid_grant");
        RawHttp.Response consent = send("POST", "/oauth/authorize", null,
                "application/x-www-form-urlencoded; charset=nonsense", "decision=allow&csrf=x&client_id="
                        + issuer.publicClient(), "Cookie", IssuerFixtures.USER_COOKIE + "=" + issuer.userCookie());
        assertThat(consent.status()).as(consent.toString()).isEqualTo(400);
        assertThat(consent.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    }

    @Example
    void aFormPostedWithoutAContentTypeIsAPageNotA500() {
        for (String target : List.of("/signin/dev", "/signin/end", "/oauth/authorize")) {
            RawHttp.Response response = send("POST", target, null, null, "", "Cookie",
                    IssuerFixtures.USER_COOKIE + "=" + issuer.userCookie());
            assertThat(response.status()).as(response.toString()).isBetween(400, 499);
            assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        }
    }

    @Example
    void aSignInCallbackWithAnEmptyCodeIsAPageNotA500() {
        RawHttp.Response response = send("GET", "/signin/callback?code", null, null, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    }

    @Example
    void aParseErrorThatQuotesTheRequestIsA400WithADescriptionRfc6749Allows() {
        RawHttp.Response token = send("POST", "/oauth/token", null, "application/x-www-form-urlencoded",
                "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                        + "&client_assertion=W10.W10.&grant_type=refresh_token&refresh_token=lkr_x");
        assertOAuthError(token, 400, "invalid_request");
        RawHttp.Response registration = send("POST", "/oauth/register", null, "application/json",
                "{\"redirect_uris\":[\"https://app.example.invalid/cb\"],\"software_statement\":\"W10.W10.\"}");
        assertOAuthError(registration, 400, null);
    }

    @Example
    void refusalsBeforeTheBackChannelEndpointsAreOAuthErrorsToo() {
        assertOAuthError(send("POST", "/oauth/token", null, "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=" + "x".repeat(70_000)), 413, "invalid_request");
        assertOAuthError(send("POST", "/oauth/revoke?token=%00", null, "application/x-www-form-urlencoded",
                "token=x"), 400, "invalid_request");
    }

    @Example
    void aNulInTheAuthorizationRequestIsAPageNotProblemJson() {
        RawHttp.Response response = send("GET", "/oauth/authorize?prompt=%00", null, null, null, "Cookie",
                IssuerFixtures.USER_COOKIE + "=" + issuer.userCookie());
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<html");
    }

    @Example
    void anUnregisteredRedirectUriIsAPageNeverARedirect() {
        RawHttp.Response response = send("GET", "/oauth/authorize?response_type=code&client_id=" + issuer.publicClient()
                + "&redirect_uri=" + HostileInputs.encode("https://evil.example.invalid/cb") + "&code_challenge="
                + issuer.challenge() + "&code_challenge_method=S256&resource=" + HostileInputs.encode(issuer.resource()),
                null, null, null, "Cookie", IssuerFixtures.USER_COOKIE + "=" + issuer.userCookie());
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Location")).isEmpty();
    }

    @Example
    void anAccessTokenLookAlikeAtTheGatewayIs401WithTheRoutesChallenge() {
        String[] parts = issuer.accessToken().split("\\.");
        String none = HostileInputs.base64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
        for (String token : List.of(none, issuer.foreignToken(), issuer.accessToken().replace("J", "/"))) {
            RawHttp.Response response = send("POST", "/mcp/" + issuer.slug(), token, "application/json", "{}");
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                    .contains("resource_metadata=").contains("error=\"invalid_token\""));
        }
        RawHttp.Response elsewhere = send("POST", "/mcp/other", issuer.accessToken(), "application/json", "{}");
        assertThat(elsewhere.status()).as("a token for one route at another").isEqualTo(401);
    }

    private static void assertOAuthError(RawHttp.Response response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Cache-Control")).hasValueSatisfying(cache -> assertThat(cache).contains("no-store"));
        if (status >= 400) {
            assertThat(AnswerRules.json(response)).as(response.toString()).hasValueSatisfying(body -> {
                assertThat(body.path("error").asText()).isEqualTo(error == null ? body.path("error").asText() : error)
                        .matches("[a-z_]+");
                assertThat(body.has("code")).isFalse();
            });
        }
    }

    private static RawHttp.Response send(String method, String target, String key, String contentType, String body,
                                         String... headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>(RawHttp.headers(headers));
        if (key != null) {
            list.add(Map.entry("Authorization", "Bearer " + key));
        }
        if (contentType != null) {
            list.add(Map.entry("Content-Type", contentType));
        }
        return RawHttp.send(APP.port(), new RawHttp.Request(method, target, list,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertProblem(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(AnswerRules.problem(response)).as(response.toString()).hasValueSatisfying(body ->
                assertThat(body.path("code").asText()).isEqualTo(code));
    }

    /** Sends one request and asserts every rule on its answer (a try naming a reachable host is discarded). */
    private static void exchange(RawHttp.Request request) {
        Assume.that(HostileHeaders.namesOnlySafeHosts(request));
        Map<String, Object> before = WriteCounts.of(counting, request);
        RawHttp.Response response = RawHttp.send(APP.port(), request);
        Map<String, Object> after = WriteCounts.of(counting, request);
        AnswerRules.check(request, response, before, after);
        IssuerAnswerRules.check(request, response, before, after, counting, APP.baseUrl());
    }
}
