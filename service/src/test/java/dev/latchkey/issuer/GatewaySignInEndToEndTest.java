package dev.latchkey.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.console.ConsoleHttp;
import dev.latchkey.console.Operators;
import dev.latchkey.metrics.PrometheusScrape;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.DrivenClient;
import dev.latchkey.testing.GatewayTenant;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.PersonBrowser;
import dev.latchkey.testing.PrometheusText;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standard MCP clients sign in to the gateway, with real peers only: the official TypeScript SDK client with
 * its standard OAuth client provider (v1 on 2025-11-25, v2 on 2026-07-28; src/peers/gateway-oauth-client.mjs)
 * meets a gateway route's 401, discovers Latchkey as the route's authorization server, registers, and sends
 * its user — a person with a browser of their own — to sign in at an oidc-provider acting as the operator's
 * identity provider and to consent; with the token, the upstream's own authorization arrives in-band as URL
 * elicitation, the same person completes it at the upstream's authorization server (the MCP SDK's, in
 * src/peers/mcp-v2-peer.mjs, which serves both protocol generations), and the tool call reaches the upstream.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewaySignInEndToEndTest {

    private static final int IDP_PORT = freePort();
    private static final String IDP = "http://127.0.0.1:" + IDP_PORT + "/tenant1";
    private static final String SECRET = "idp-secret-for-latchkey";
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-sign-in"))
            .identityProvider("corp", IDP, "latchkey", SECRET, "[\"*\"]", "{servers: [\"*\"], users: [\"*\"]}")
            .with("authorizationServer.enabled", "true")
            .with("events.webhooks.deliver", "false")
            .with("limits.browser.burst", "1000");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    private static NodePeer idp;
    private static NodePeer upstream;
    private static GatewayTenant tenant;

    @BeforeAll
    static void start() {
        idp = Peers.start("oidc-peer.mjs", "--port", String.valueOf(IDP_PORT), "--login-form",
                "--client-id", "latchkey", "--client-secret", SECRET,
                "--redirect-uri", TEST_APP.baseUrl() + "/signin/callback");
        // Both protocol generations, behind the MCP SDK's own authorization server
        upstream = Peers.start("mcp-v2-peer.mjs");
        tenant = GatewayTenant.register(TEST_APP, APP.getConfiguration(), "default", upstream.field("mcpUrl"),
                "Notes");
    }

    @AfterAll
    static void stop() {
        for (NodePeer peer : new NodePeer[] {upstream, idp}) {
            if (peer != null) {
                peer.close();
            }
        }
    }

    @Test
    void theVersionOneClientSignsInOnceThenAuthorizesTheUpstreamInBand() {
        try (NodePeer client = Peers.start("gateway-oauth-client.mjs", "--url", tenant.gatewayUrl(), "--sdk", "v1")) {
            PersonBrowser alice = new PersonBrowser("alice", PersonBrowser.Consent.ALLOW);
            signIn(client, alice, true);

            JsonNode asked = DrivenClient.await(client, s -> s.has("link") || s.get("done").asBoolean());
            assertThat(asked.has("error")).as(asked.toString()).isFalse();
            assertThat(asked.get("errorCode").asInt()).as("URL elicitation required").isEqualTo(-32042);
            String link = asked.get("link").asText();
            assertThat(link).startsWith(TEST_APP.baseUrl() + "/connect/");
            JsonNode flow = tenant.api().get(tenant.key(), "/v1/flows/" + asked.get("elicitationId").asText()).body();
            assertThat(flow.get("subject").asText()).as("the identity provider's subject").isEqualTo("alice");

            PersonBrowser.Hop connected = alice.open(link);
            assertThat(connected.body()).as(connected.url().toString()).contains("Connected");

            JsonNode done = DrivenClient.await(client, s -> s.get("done").asBoolean());
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("notifications").toString()).contains("notifications/elicitation/complete");
            assertThat(names(done.get("tools"))).contains("echo", "whoami");
            assertThat(done.get("echo").asText()).isEqualTo("signed in once");
            assertThat(done.at("/whoami/resource").asText()).isEqualTo(upstream.field("mcpUrl"));
            assertThat(done.at("/tokens/hasRefreshToken").asBoolean()).isTrue();
            assertThat(connectionSubjects()).contains("alice");
        }
    }

    @Test
    void theVersionTwoClientSignsInOnceThenAuthorizesTheUpstreamInBand() {
        try (NodePeer client = Peers.start("gateway-oauth-client.mjs", "--url", tenant.gatewayUrl(), "--sdk", "v2")) {
            PersonBrowser carol = new PersonBrowser("carol", PersonBrowser.Consent.ALLOW);
            signIn(client, carol, true);

            JsonNode asked = DrivenClient.await(client, s -> s.has("link") || s.get("done").asBoolean());
            assertThat(asked.has("error")).as(asked.toString()).isFalse();
            String link = asked.get("link").asText();
            assertThat(link).startsWith(TEST_APP.baseUrl() + "/connect/");
            assertThat(carol.open(link).body()).contains("Connected");
            client.post("/__user-done", "{}");

            JsonNode done = DrivenClient.await(client, s -> s.get("done").asBoolean());
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("echo").asText()).isEqualTo("signed in once");
            assertThat(done.at("/whoami/resource").asText()).isEqualTo(upstream.field("mcpUrl"));
            assertThat(names(done.get("tools"))).contains("echo", "whoami");
            assertThat(connectionSubjects()).contains("carol");
        }
    }

    @Test
    void anotherPersonCanNeitherOpenTheLinkNorUseTheConnection() {
        try (NodePeer daveClient = Peers.start("gateway-oauth-client.mjs", "--url", tenant.gatewayUrl(),
                "--sdk", "v1")) {
            PersonBrowser dave = new PersonBrowser("dave", PersonBrowser.Consent.ALLOW);
            signIn(daveClient, dave, true);
            String davesLink = DrivenClient.await(daveClient, s -> s.has("link") || s.get("done").asBoolean())
                    .get("link").asText();

            // Erin, signed in as herself, opens Dave's link: refused, and the link stays Dave's.
            PersonBrowser erin = new PersonBrowser("erin", PersonBrowser.Consent.ALLOW);
            PersonBrowser.Hop refused = erin.open(davesLink);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).contains("This link is for another user");
            assertThat(refused.url().getPath()).startsWith("/connect/");

            // Erin's own client, signed in as Erin, is asked to authorize the upstream for Erin — never
            // handed Dave's connection, which Dave now makes.
            assertThat(dave.open(davesLink).body()).contains("Connected");
            assertThat(DrivenClient.await(daveClient, s -> s.get("done").asBoolean()).has("error")).isFalse();
            try (NodePeer erinClient = Peers.start("gateway-oauth-client.mjs", "--url", tenant.gatewayUrl(),
                    "--sdk", "v1")) {
                // Erin signed in at the identity provider on the way to Dave's link: one sign-in is enough.
                signIn(erinClient, erin, false);
                JsonNode asked = DrivenClient.await(erinClient, s -> s.has("link") || s.get("done").asBoolean());
                assertThat(asked.has("link")).as(asked.toString()).isTrue();
                JsonNode flow = tenant.api().get(tenant.key(), "/v1/flows/" + asked.get("elicitationId").asText())
                        .body();
                assertThat(flow.get("subject").asText()).isEqualTo("erin");
            }
        }
    }

    @Test
    void aPersonSeesTheirOwnMcpClientsAndWithdrawsAConsent() {
        PersonBrowser ivan = new PersonBrowser("ivan", PersonBrowser.Consent.ALLOW);
        try (NodePeer client = Peers.start("gateway-oauth-client.mjs", "--url", tenant.gatewayUrl(), "--sdk", "v1")) {
            signIn(client, ivan, true);
            DrivenClient.await(client, s -> s.has("link") || s.get("done").asBoolean());
        }
        HttpResponse<String> page = ivan.get(URI.create(TEST_APP.baseUrl() + "/oauth/consents"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).contains("Your MCP clients", "ivan", "Latchkey test MCP client", tenant.gatewayUrl());
        assertThat(new PersonBrowser("judy", PersonBrowser.Consent.ALLOW).open(TEST_APP.baseUrl() + "/oauth/consents")
                .body()).as("another person sees only their own").doesNotContain("Latchkey test MCP client");

        Matcher form = Pattern.compile(
                "action=\"(/oauth/consents/[^\"]+/withdraw)\">\\s*<input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(page.body());
        assertThat(form.find()).as(page.body()).isTrue();
        URI withdraw = URI.create(TEST_APP.baseUrl() + form.group(1));
        assertThat(ivan.post(withdraw, Map.of("csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(new PersonBrowser("judy", PersonBrowser.Consent.ALLOW).post(withdraw, Map.of("csrf", form.group(2)))
                .statusCode()).as("not signed in, or someone else").isEqualTo(403);
        assertThat(ivan.post(withdraw, Map.of("csrf", form.group(2))).statusCode()).isEqualTo(303);
        assertThat(ivan.get(URI.create(TEST_APP.baseUrl() + "/oauth/consents?done=withdrawn")).body())
                .contains("Withdrawn", "You have not allowed any MCP client");
        int standing = AppDatabase.jdbi(APP.getConfiguration()).withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM oauth_grants WHERE subject = 'ivan' AND revoked_at IS NULL").mapTo(Integer.class)
                .one());
        assertThat(standing).as("the client's sign-ins end with the consent").isZero();
    }

    @Test
    void operatorsSeeTheClientsTheSignInsAndTheConsentsOfEachUserAndEndThem() {
        try (NodePeer client = Peers.start("gateway-oauth-client.mjs", "--url", tenant.gatewayUrl(), "--sdk", "v1")) {
            signIn(client, new PersonBrowser("grace", PersonBrowser.Consent.ALLOW), true);
            DrivenClient.await(client, s -> s.has("link") || s.get("done").asBoolean());
        }
        Jdbi jdbi = AppDatabase.jdbi(APP.getConfiguration());
        new Operators(List.of(), jdbi, Clock.systemUTC()).add("ada", "correct horse battery".toCharArray());
        ConsoleHttp console = new ConsoleHttp(TEST_APP.baseUrl());
        assertThat(console.signIn("ada", "correct horse battery").statusCode()).isEqualTo(303);

        assertThat(console.get("/console/mcp-clients").body()).contains("Latchkey test MCP client", "registered",
                "http://127.0.0.1:").doesNotContain("secret_hash");
        HttpResponse<String> grace = console.get("/console/mcp-grants?tenant=default&subject=grace");
        assertThat(grace.statusCode()).isEqualTo(200);
        assertThat(grace.body()).contains("id=\"mcp-grants-table\"", "id=\"mcp-consents-table\"", "grace",
                tenant.gatewayUrl(), "Latchkey test MCP client").doesNotContain(">alice<");
        String consentId = jdbi.withHandle(h -> h.createQuery(
                "SELECT id FROM oauth_consents WHERE tenant = 'default' AND subject = 'grace'").mapTo(String.class).one());

        HttpResponse<String> withdrawn = console.post("/console/mcp-consents/" + consentId + "/withdraw",
                Map.of("csrf", ConsoleHttp.csrfOf(grace.body()), "tenant", "default", "subject", "grace"));
        assertThat(withdrawn.statusCode()).isEqualTo(303);
        int standing = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM oauth_grants WHERE subject = 'grace'"
                + " AND revoked_at IS NULL").mapTo(Integer.class).one());
        assertThat(standing).as("the grants of the client end too").isZero();
        assertThat(console.get("/console/mcp-grants?tenant=default&subject=grace").body())
                .contains("This user remembers no consent.", "pill-revoked");
    }

    /**
     * The hostile cases at the gateway's door, with a client driven by hand: a token for one route is
     * refused at another (401 naming that route's metadata); a refresh token used twice ends the family,
     * and with it the access token; a changed redirect URI is refused without a redirect; a client the
     * person never consented to gets the consent page, not a code, and a Deny is access_denied.
     */
    @Test
    void tokensAreBoundToTheirRouteAndTheirFamily() throws Exception {
        ApiClient.Reply other = tenant.api().post(tenant.key(), "/v1/servers",
                "{\"url\":\"http://127.0.0.1:9/mcp\",\"name\":\"Other\"}");
        assertThat(other.status()).as(String.valueOf(other.body())).isEqualTo(201);
        String otherRoute = other.body().get("gatewayUrl").asText();
        String redirect = "http://127.0.0.1:9/cb";
        String clientId = register(redirect);
        PrometheusText before = scrape();
        PersonBrowser heidi = new PersonBrowser("heidi", PersonBrowser.Consent.ALLOW);
        String verifier = "v".repeat(20) + System.nanoTime() + "w".repeat(20);
        URI back = heidi.sentTo(authorizeUrl(clientId, redirect, tenant.gatewayUrl(), challenge(verifier), "s1"),
                redirect);
        Map<String, String> answer = query(back);
        assertThat(answer).containsEntry("state", "s1").containsEntry("iss", TEST_APP.baseUrl()).containsKey("code");
        JsonNode tokens = token(Map.of("grant_type", "authorization_code", "client_id", clientId, "code",
                answer.get("code"), "redirect_uri", redirect, "code_verifier", verifier));
        String access = tokens.get("access_token").asText();

        assertThat(mcpInitialize(tenant.gatewayUrl(), access).statusCode()).isEqualTo(200);
        HttpResponse<String> elsewhere = mcpInitialize(otherRoute, access);
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        assertThat(elsewhere.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"latchkey-gateway\", "
                + "resource_metadata=\"" + TEST_APP.baseUrl() + "/.well-known/oauth-protected-resource/mcp/"
                + other.body().get("slug").asText() + "\", error=\"invalid_token\"");
        JsonNode metadata = Http.json(Http.send(HttpRequest.newBuilder(URI.create(TEST_APP.baseUrl()
                + "/.well-known/oauth-protected-resource/mcp/" + tenant.slug())).GET()));
        assertThat(metadata.get("resource").asText()).isEqualTo(tenant.gatewayUrl());
        assertThat(metadata.get("authorization_servers").get(0).asText()).isEqualTo(TEST_APP.baseUrl());

        String first = tokens.get("refresh_token").asText();
        JsonNode rotated = token(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", first));
        String second = rotated.get("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);
        HttpResponse<String> reused = Http.send(Http.formPost(TEST_APP.baseUrl() + "/oauth/token",
                Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", first)));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).contains("invalid_grant");
        HttpResponse<String> afterReuse = Http.send(Http.formPost(TEST_APP.baseUrl() + "/oauth/token",
                Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", second)));
        assertThat(afterReuse.statusCode()).as("the whole family ends").isEqualTo(400);
        assertThat(mcpInitialize(tenant.gatewayUrl(), rotated.get("access_token").asText()).statusCode())
                .as("and its access tokens with it").isEqualTo(401);
        PrometheusText after = scrape();
        assertThat(List.of(after.since(before, "latchkey_user_sign_ins_total{outcome=\"signed_in\"}"),
                after.since(before, "latchkey_oauth_tokens_issued_total{grant=\"authorization_code\"}"),
                after.since(before, "latchkey_oauth_tokens_issued_total{grant=\"refresh_token\"}"),
                after.since(before, "latchkey_oauth_reuse_detected_total{kind=\"refresh_token\"}"),
                after.since(before, "latchkey_oauth_reuse_detected_total{kind=\"code\"}")))
                .as("counted for the operator").containsExactly(1.0, 1.0, 1.0, 1.0, 0.0);

        HttpResponse<String> changed = heidi.get(URI.create(authorizeUrl(clientId, "http://127.0.0.1:9/elsewhere",
                tenant.gatewayUrl(), challenge(verifier), "s2")));
        assertThat(changed.statusCode()).isEqualTo(400);
        assertThat(changed.headers().firstValue("location")).isEmpty();

        String stranger = register(redirect);
        HttpResponse<String> asked = heidi.get(URI.create(authorizeUrl(stranger, redirect, tenant.gatewayUrl(),
                challenge(verifier), "s3")));
        assertThat(asked.statusCode()).as("heidi never consented to this client: she is asked").isEqualTo(200);
        assertThat(asked.body()).contains("name=\"decision\"").doesNotContain("code=");
        URI denied = new PersonBrowser("heidi", PersonBrowser.Consent.DENY).sentTo(authorizeUrl(stranger, redirect,
                tenant.gatewayUrl(), challenge(verifier), "s4"), redirect);
        assertThat(query(denied)).containsEntry("error", "access_denied").containsEntry("state", "s4")
                .doesNotContainKey("code");
    }

    private static PrometheusText scrape() {
        return PrometheusText.scrape("http://127.0.0.1:" + APP.getAdminPort() + PrometheusScrape.PATH);
    }

    private static String register(String redirect) {
        HttpResponse<String> registered = Http.send(HttpRequest.newBuilder(URI.create(TEST_APP.baseUrl()
                + "/oauth/register")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                .ofString("{\"client_name\":\"Hand-driven client\",\"redirect_uris\":[\"" + redirect + "\"],"
                        + "\"token_endpoint_auth_method\":\"none\"}")));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return Http.json(registered).get("client_id").asText();
    }

    private static String authorizeUrl(String clientId, String redirect, String resource, String challenge,
                                       String state) {
        return TEST_APP.baseUrl() + "/oauth/authorize?" + Http.formBody(Map.of("response_type", "code",
                "client_id", clientId, "redirect_uri", redirect, "resource", resource, "code_challenge", challenge,
                "code_challenge_method", "S256", "state", state, "scope", "mcp"));
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static JsonNode token(Map<String, String> form) {
        HttpResponse<String> response = Http.send(Http.formPost(TEST_APP.baseUrl() + "/oauth/token", form));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        return Http.json(response);
    }

    private static HttpResponse<String> mcpInitialize(String route, String accessToken) {
        return Http.send(HttpRequest.newBuilder(URI.create(route)).header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"by hand\",\"version\":\"1\"}}}")));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    /**
     * The requirements of the conformance suite's authorization-server scenarios
     * ({@code authorization-server-metadata-endpoint}, {@code authorization-code-grant}), checked by
     * src/conformance/authorization-server-check.mjs: the suite's own {@code conformance authorization}
     * command is in no published version of the package yet.
     */
    @Test
    void theAuthorizationServerMeetsTheConformanceScenariosRequirements() throws Exception {
        int port = freePort();
        String redirect = "http://127.0.0.1:" + port + "/callback";
        HttpResponse<String> registered = Http.send(HttpRequest
                .newBuilder(URI.create(TEST_APP.baseUrl() + "/oauth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"Conformance checks\",\"redirect_uris\":[\"" + redirect + "\"],"
                                + "\"token_endpoint_auth_method\":\"none\"}")));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String clientId = Http.json(registered).get("client_id").asText();
        try (NodePeer checks = Peers.start("src/conformance/authorization-server-check.mjs", "--url",
                TEST_APP.baseUrl(), "--client-id", clientId, "--port", String.valueOf(port), "--resource",
                tenant.gatewayUrl())) {
            String authorizationUrl = checks.field("authorizationUrl");
            PersonBrowser.Hop end = new PersonBrowser("frank", PersonBrowser.Consent.ALLOW).open(authorizationUrl);
            assertThat(end.url().toString()).startsWith(redirect);
            Await.until(Duration.ofSeconds(30), () -> !checks.isAlive(),
                    checks::output);
            String output = checks.output();
            assertThat(output).as(output).contains("\"id\":\"authorization-server-metadata\",\"status\":\"SUCCESS\"",
                    "\"id\":\"authorization-server-metadata-cimd\",\"status\":\"SUCCESS\"",
                    "\"id\":\"authorization-code-grant\",\"status\":\"SUCCESS\"", "\"failed\":0");
        }
    }

    /**
     * The person signs in when the client sends them (at the identity provider unless they are signed in
     * to Latchkey already), consents, and the client's callback receives the code.
     */
    private static void signIn(NodePeer client, PersonBrowser person, boolean atTheIdentityProvider) {
        JsonNode waiting = DrivenClient.await(client, s -> s.has("authorizationUrl") || s.get("done").asBoolean());
        assertThat(waiting.has("error")).as(waiting.toString()).isFalse();
        String authorizationUrl = waiting.get("authorizationUrl").asText();
        assertThat(authorizationUrl).startsWith(TEST_APP.baseUrl() + "/oauth/authorize?")
                .contains("resource=" + URLEncoder.encode(tenant.gatewayUrl(),
                        StandardCharsets.UTF_8), "code_challenge_method=S256");
        List<PersonBrowser.Hop> journey = person.walk(authorizationUrl);
        assertThat(journey.stream().anyMatch(hop -> hop.url().toString().startsWith(IDP)))
                .as("through the identity provider").isEqualTo(atTheIdentityProvider);
        String redirect = DrivenClient.await(client, s -> true).get("authorizationUrl").asText();
        assertThat(journey).as("the consent page names the client and its redirect URI").anySatisfy(hop ->
                assertThat(hop.body()).contains("Allow ", "Latchkey test MCP client", "Sends you back to",
                        URLDecoder.decode(redirect.replaceAll(".*redirect_uri=([^&]+).*", "$1"), StandardCharsets.UTF_8)));
        JsonNode back = DrivenClient.await(client, s -> s.has("callback") || s.get("done").asBoolean());
        assertThat(back.at("/callback/stateMatched").asBoolean()).as(back.toString()).isTrue();
        assertThat(back.at("/callback/iss").asText()).as("RFC 9207").isEqualTo(TEST_APP.baseUrl());
    }

    private static List<String> connectionSubjects() {
        Jdbi jdbi = AppDatabase.jdbi(APP.getConfiguration());
        return jdbi.withHandle(h -> h.createQuery("SELECT subject FROM connections WHERE tenant = 'default'")
                .mapTo(String.class).list());
    }

    private static List<String> names(JsonNode tools) {
        return tools == null ? List.of() : StreamSupport.stream(tools.spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
