package dev.latchkey.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.HangingServer;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latchkey's authorization server over HTTP, in the running application with a stand-in for user sign-in
 * ({@link CookieSignIn}): metadata, registration, metadata documents (served from loopback), authorization
 * with consent, the token endpoint's grants, revocation, and the access tokens as the gateway checks them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthorizationServerHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "acme-oauth";
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("issuer-http"))
            .with("authorizationServer.enabled", "true")
            .with("authorizationServer.clientIdMetadataDocuments.fetchTimeout", "1s")
            .with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension(IssuerTestApp.class);

    private static final LoopbackHttpServer DOCUMENTS = new LoopbackHttpServer();
    private static String base;
    private static String alpha;
    private static String beta;
    private static BrowserAndClient browser;

    @BeforeAll
    static void servers() {
        base = TEST_APP.baseUrl();
        browser = new BrowserAndClient(base);
        ApiClient api = new ApiClient(base);
        String key = AppDatabase.apiKey(AppDatabase.jdbi(APP.getConfiguration()), TENANT);
        for (String name : new String[] {"Alpha", "Beta"}) {
            ApiClient.Reply server = api.post(key, "/v1/servers", JSON.createObjectNode()
                    .put("url", "http://127.0.0.1:9/mcp/" + name).put("name", name).toString());
            assertThat(server.status()).as(String.valueOf(server.body())).isEqualTo(201);
        }
        alpha = base + "/mcp/alpha";
        beta = base + "/mcp/beta";
    }

    @AfterAll
    static void stop() {
        DOCUMENTS.close();
    }

    private static AccessTokens accessTokens() {
        return ((LatchkeyApplication) APP.getApplication()).issuer().orElseThrow().accessTokens();
    }

    private static String user(String subject) {
        return CookieSignIn.cookie(TENANT, subject, "uss_" + subject);
    }

    private static String publicClient() {
        return browser.register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\","
                + "\"client_name\":\"Test Assistant\",\"grant_types\":[\"authorization_code\",\"refresh_token\"]}")
                .get("client_id").asText();
    }

    @Test
    void publishesItsMetadataAndKeys() {
        HttpResponse<String> metadata = Http.send(HttpRequest.newBuilder(
                URI.create(base + "/.well-known/oauth-authorization-server")).GET());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode json = Http.json(metadata);
        assertThat(json.get("issuer").asText()).isEqualTo(base);
        assertThat(json.get("authorization_endpoint").asText()).isEqualTo(base + "/oauth/authorize");
        assertThat(json.get("token_endpoint").asText()).isEqualTo(base + "/oauth/token");
        assertThat(json.get("registration_endpoint").asText()).isEqualTo(base + "/oauth/register");
        assertThat(json.get("revocation_endpoint").asText()).isEqualTo(base + "/oauth/revoke");
        assertThat(json.get("jwks_uri").asText()).isEqualTo(base + "/oauth/jwks");
        assertThat(json.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
        assertThat(json.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(json.get("client_id_metadata_document_supported").asBoolean()).isTrue();
        assertThat(json.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(json.get("scopes_supported").toString()).isEqualTo("[\"mcp\"]");

        HttpResponse<String> jwks = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/jwks")).GET());
        JsonNode keys = Http.json(jwks);
        assertThat(keys.get("keys")).as(jwks.body()).hasSize(1);
        assertThat(keys.get("keys").get(0).get("kty").asText()).isEqualTo("EC");
        assertThat(keys.get("keys").get(0).get("kid").asText()).startsWith("at-");
        assertThat(keys.get("keys").get(0).has("d")).as("never the private part").isFalse();

        assertThat(metadata.headers().firstValue("access-control-allow-origin")).contains("*");
        HttpResponse<String> preflight = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://inspector.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse("")).contains("Authorization");

        HttpResponse<String> callback = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/callback")).GET());
        assertThat(callback.statusCode()).as("the flows' callback still lives beside /oauth/token").isNotIn(404, 405);
    }

    @Test
    void aRegisteredClientGetsConsentThenACodeThenTokensForOneRouteOnly() {
        String clientId = publicClient();
        assertThat(clientId).startsWith("lkc_");
        Map<String, String> params = browser.authorization(clientId, REDIRECT, alpha);

        HttpResponse<String> signIn = browser.authorize(params, null);
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("location").orElseThrow())
                .startsWith(base + "/test-sign-in?continue=" + BrowserAndClient.encode("/oauth/authorize?"));

        HttpResponse<String> consent = browser.authorize(params, user("alice"));
        assertThat(consent.statusCode()).as("never consented: a page, not a code").isEqualTo(200);
        assertThat(consent.headers().firstValue("location")).isEmpty();
        assertThat(consent.body()).contains("Test Assistant").contains("127.0.0.1").contains(alpha)
                .contains("alice (test)");
        assertThat(consent.headers().firstValue("x-frame-options")).contains("DENY");
        assertThat(consent.headers().firstValue("content-security-policy").orElse("")).contains("frame-ancestors 'none'");
        assertThat(consent.headers().firstValue("cache-control")).contains("no-store");

        HttpResponse<String> allowed = browser.decide(consent, "allow", user("alice"));
        assertThat(allowed.statusCode()).isEqualTo(302);
        assertThat(allowed.headers().firstValue("location").orElseThrow()).startsWith(REDIRECT + "?");
        Map<String, String> answer = BrowserAndClient.query(allowed);
        assertThat(answer.get("state")).isEqualTo(params.get("state"));
        assertThat(answer.get("iss")).isEqualTo(base);
        assertThat(answer.get("code")).startsWith("lka_");

        HttpResponse<String> tokens = browser.exchange(clientId, answer.get("code"), REDIRECT, alpha);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("cache-control")).contains("no-store");
        assertThat(tokens.headers().firstValue("pragma")).contains("no-cache");
        JsonNode json = Http.json(tokens);
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("refresh_token").asText()).startsWith("lkr_");
        String access = json.get("access_token").asText();

        Optional<GatewayCaller> caller = accessTokens().authenticate(access, "alpha");
        assertThat(caller).isPresent();
        assertThat(caller.get().tenant()).isEqualTo(TENANT);
        assertThat(caller.get().subject()).isEqualTo("alice");
        assertThat(caller.get().servers()).containsExactly("alpha");
        assertThat(caller.get().actor()).isEqualTo("oauth:" + caller.get().tokenId());
        assertThat(accessTokens().authenticate(access, "beta")).as("a token for /mcp/alpha at /mcp/beta").isEmpty();
        assertThat(accessTokens().authenticate(access.substring(0, access.length() - 4) + "AAAA", "alpha")).isEmpty();

        Map<String, String> again = browser.authorization(clientId, REDIRECT, alpha);
        HttpResponse<String> head = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/authorize?"
                + Http.formBody(again))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Cookie", CookieSignIn.COOKIE + "=" + user("alice")));
        assertThat(head.headers().firstValue("location")).as("a HEAD mints no code").isEmpty();
        HttpResponse<String> remembered = browser.authorize(again, user("alice"));
        assertThat(remembered.statusCode()).as("consent remembered").isEqualTo(302);
        assertThat(BrowserAndClient.query(remembered)).containsKey("code");
        HttpResponse<String> otherRoute = browser.authorize(browser.authorization(clientId, REDIRECT, beta),
                user("alice"));
        assertThat(otherRoute.statusCode()).as("consent is per route").isEqualTo(200);
    }

    @Test
    void aCodeUsedTwiceRevokesWhatItIssued() {
        String clientId = publicClient();
        Map<String, String> answer = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("carol"));
        JsonNode first = Http.json(browser.exchange(clientId, answer.get("code"), REDIRECT, alpha));
        String access = first.get("access_token").asText();
        assertThat(accessTokens().authenticate(access, "alpha")).isPresent();

        HttpResponse<String> second = browser.exchange(clientId, answer.get("code"), REDIRECT, alpha);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(Http.json(second).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(accessTokens().authenticate(access, "alpha")).as("revoked with its grant").isEmpty();
        assertThat(browser.refresh(clientId, first.get("refresh_token").asText()).statusCode()).isEqualTo(400);
    }

    @Test
    void aRefreshTokenUsedTwiceRevokesTheFamily() {
        String clientId = publicClient();
        Map<String, String> answer = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("dave"));
        JsonNode first = Http.json(browser.exchange(clientId, answer.get("code"), REDIRECT, alpha));
        String oldRefresh = first.get("refresh_token").asText();

        HttpResponse<String> rotated = browser.refresh(clientId, oldRefresh);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        JsonNode second = Http.json(rotated);
        String newRefresh = second.get("refresh_token").asText();
        assertThat(newRefresh).isNotEqualTo(oldRefresh);
        String access = second.get("access_token").asText();
        assertThat(accessTokens().authenticate(access, "alpha")).isPresent();

        HttpResponse<String> reused = browser.refresh(clientId, oldRefresh);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(Http.json(reused).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(browser.refresh(clientId, newRefresh).statusCode()).as("the new one is revoked too").isEqualTo(400);
        assertThat(accessTokens().authenticate(access, "alpha")).isEmpty();
    }

    @Test
    void refreshMayNarrowScopesButNotChangeTheResource() {
        String clientId = publicClient();
        Map<String, String> answer = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("erin"));
        String refresh = Http.json(browser.exchange(clientId, answer.get("code"), REDIRECT, alpha))
                .get("refresh_token").asText();
        HttpResponse<String> otherResource = browser.token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refresh, "resource", beta), null);
        assertThat(otherResource.statusCode()).isEqualTo(400);
        assertThat(Http.json(otherResource).get("error").asText()).isEqualTo("invalid_target");
        HttpResponse<String> wider = browser.token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refresh, "scope", "mcp admin"), null);
        assertThat(Http.json(wider).get("error").asText()).isEqualTo("invalid_scope");
        HttpResponse<String> same = browser.token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refresh, "resource", alpha, "scope", "mcp"), null);
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    }

    @Test
    void theCodeExchangeChecksVerifierRedirectAndResource() {
        String clientId = publicClient();
        Map<String, String> answer = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("frank"));
        String code = answer.get("code");
        HttpResponse<String> wrongVerifier = browser.token(Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", code, "redirect_uri", REDIRECT,
                "code_verifier", new com.nimbusds.oauth2.sdk.pkce.CodeVerifier().getValue()), null);
        assertThat(Http.json(wrongVerifier).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> wrongRedirect = browser.exchange(clientId, code, "http://127.0.0.1:9/other", alpha);
        assertThat(Http.json(wrongRedirect).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> wrongResource = browser.exchange(clientId, code, REDIRECT, beta);
        assertThat(Http.json(wrongResource).get("error").asText()).isEqualTo("invalid_target");
        assertThat(browser.exchange(clientId, code, REDIRECT, alpha).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownClientsAndRedirectsGetAPageNeverARedirect() {
        String clientId = publicClient();
        HttpResponse<String> unknown = browser.authorize(browser.authorization("lkc_nobody", REDIRECT, alpha),
                user("alice"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("location")).isEmpty();
        assertThat(unknown.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(unknown.body()).contains("not registered");

        for (String changed : new String[] {"http://127.0.0.1:9/callback/other", "http://127.0.0.1:9/callback?x=1",
                "https://evil.example/callback"}) {
            HttpResponse<String> refused = browser.authorize(browser.authorization(clientId, changed, alpha),
                    user("alice"));
            assertThat(refused.statusCode()).as(changed).isEqualTo(400);
            assertThat(refused.headers().firstValue("location")).as(changed).isEmpty();
        }
    }

    @Test
    void requestErrorsGoBackToTheClientWithStateAndIss() {
        String clientId = publicClient();
        Map<String, String> plain = browser.authorization(clientId, REDIRECT, alpha);
        plain.put("code_challenge_method", "plain");
        plain.put("code_challenge", browser.verifier.getValue());
        assertThat(errorOf(browser.authorize(plain, user("alice")), plain)).isEqualTo("invalid_request");

        Map<String, String> noPkce = browser.authorization(clientId, REDIRECT, alpha);
        noPkce.remove("code_challenge");
        noPkce.remove("code_challenge_method");
        assertThat(errorOf(browser.authorize(noPkce, user("alice")), noPkce)).isEqualTo("invalid_request");

        Map<String, String> longChallenge = browser.authorization(clientId, REDIRECT, alpha);
        longChallenge.put("code_challenge", "a".repeat(200));
        assertThat(errorOf(browser.authorize(longChallenge, user("alice")), longChallenge)).isEqualTo("invalid_request");

        Map<String, String> noResource = browser.authorization(clientId, REDIRECT, alpha);
        noResource.remove("resource");
        assertThat(errorOf(browser.authorize(noResource, user("alice")), noResource)).isEqualTo("invalid_target");

        Map<String, String> elsewhere = browser.authorization(clientId, REDIRECT, "https://other.example/mcp/alpha");
        assertThat(errorOf(browser.authorize(elsewhere, user("alice")), elsewhere)).isEqualTo("invalid_target");

        Map<String, String> scope = browser.authorization(clientId, REDIRECT, alpha);
        scope.put("scope", "mcp admin");
        assertThat(errorOf(browser.authorize(scope, user("alice")), scope)).isEqualTo("invalid_scope");

        Map<String, String> noRoute = browser.authorization(clientId, REDIRECT, base + "/mcp/gamma");
        assertThat(errorOf(browser.authorize(noRoute, user("alice")), noRoute)).isEqualTo("access_denied");

        Map<String, String> silent = browser.authorization(clientId, REDIRECT, alpha);
        silent.put("prompt", "none");
        assertThat(errorOf(browser.authorize(silent, null), silent)).isEqualTo("login_required");
        assertThat(errorOf(browser.authorize(silent, user("new-user")), silent)).isEqualTo("consent_required");

        Map<String, String> requestObject = browser.authorization(clientId, REDIRECT, alpha);
        requestObject.put("request_uri", "https://evil.example/request.jwt");
        assertThat(errorOf(browser.authorize(requestObject, user("alice")), requestObject))
                .isEqualTo("request_not_supported");

        Map<String, String> barred = browser.authorization(clientId, REDIRECT, alpha);
        assertThat(errorOf(browser.authorize(barred, user("barred-bob")), barred)).isEqualTo("access_denied");
    }

    private static String errorOf(HttpResponse<String> response, Map<String, String> params) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        Map<String, String> answer = BrowserAndClient.query(response);
        assertThat(answer.get("state")).isEqualTo(params.get("state"));
        assertThat(answer.get("iss")).isEqualTo(base);
        assertThat(answer).doesNotContainKey("code");
        return answer.get("error");
    }

    @Test
    void denyingSendsAccessDeniedAndAForgedFormIsRefused() {
        String clientId = publicClient();
        Map<String, String> params = browser.authorization(clientId, REDIRECT, alpha);
        HttpResponse<String> page = browser.authorize(params, user("gina"));
        HttpResponse<String> denied = browser.decide(page, "deny", user("gina"));
        assertThat(errorOf(denied, params)).isEqualTo("access_denied");

        HttpResponse<String> otherSession = browser.decide(page, "allow", CookieSignIn.cookie(TENANT, "gina", "uss_x"));
        assertThat(otherSession.statusCode()).isEqualTo(400);
        assertThat(otherSession.headers().firstValue("location")).isEmpty();

        Map<String, String> form = BrowserAndClient.hiddenInputs(page.body());
        form.put("scope", "mcp");
        form.put("redirect_uri", REDIRECT);
        form.put("resource", beta);
        form.put("decision", "allow");
        HttpResponse<String> changed = Http.send(Http.formPost(base + "/oauth/authorize", form)
                .header("Cookie", CookieSignIn.COOKIE + "=" + user("gina")));
        assertThat(changed.statusCode()).as("the token signs what was shown").isEqualTo(400);
    }

    @Test
    void aConfidentialClientAuthenticatesWithItsSecret() {
        JsonNode registered = browser.register("{\"redirect_uris\":[\"https://app.example/cb\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_basic\",\"client_name\":\"Web App\"}");
        String clientId = registered.get("client_id").asText();
        String secret = registered.get("client_secret").asText();
        assertThat(secret).startsWith("lks_");
        Map<String, String> answer = browser.codeAfterConsent(
                browser.authorization(clientId, "https://app.example/cb", alpha), user("hank"));
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "authorization_code", "code", answer.get("code"),
                "redirect_uri", "https://app.example/cb", "code_verifier", browser.verifier.getValue()));
        form.put("client_id", clientId);
        HttpResponse<String> withoutSecret = browser.token(form, null);
        assertThat(withoutSecret.statusCode()).isEqualTo(401);
        assertThat(Http.json(withoutSecret).get("error").asText()).isEqualTo("invalid_client");
        assertThat(withoutSecret.headers().firstValue("www-authenticate").orElse("")).startsWith("Basic");
        String wrong = "Basic " + Base64.getEncoder().encodeToString((clientId + ":lks_wrong").getBytes(StandardCharsets.UTF_8));
        form.remove("client_id");
        assertThat(browser.token(form, wrong).statusCode()).isEqualTo(401);
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokens = browser.token(form, basic);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    }

    @Test
    void registrationRefusesBadRedirectUris() {
        for (String bad : new String[] {"http://app.example/cb", "https://app.example/cb#frag", "not a uri"}) {
            HttpResponse<String> refused = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/register"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"redirect_uris\":[\"" + bad + "\"],\"token_endpoint_auth_method\":\"none\"}")));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(Http.json(refused).get("error").asText()).as(bad)
                    .isIn("invalid_redirect_uri", "invalid_client_metadata");
        }
        HttpResponse<String> grant = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":[\"client_credentials\"]}")));
        assertThat(Http.json(grant).get("error").asText()).isEqualTo("invalid_client_metadata");
    }

    @Test
    void revokingARefreshTokenEndsTheGrantAndUnknownTokensAreFine() {
        String clientId = publicClient();
        Map<String, String> answer = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("ivy"));
        JsonNode tokens = Http.json(browser.exchange(clientId, answer.get("code"), REDIRECT, alpha));
        String access = tokens.get("access_token").asText();
        HttpResponse<String> unknown = Http.send(Http.formPost(base + "/oauth/revoke",
                Map.of("token", "lkr_unknown", "client_id", clientId)));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(accessTokens().authenticate(access, "alpha")).isPresent();

        HttpResponse<String> revoked = Http.send(Http.formPost(base + "/oauth/revoke",
                Map.of("token", tokens.get("refresh_token").asText(), "token_type_hint", "refresh_token",
                        "client_id", clientId)));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(accessTokens().authenticate(access, "alpha")).as("the grant is revoked").isEmpty();

        Map<String, String> next = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("ivy2"));
        String access2 = Http.json(browser.exchange(clientId, next.get("code"), REDIRECT, alpha))
                .get("access_token").asText();
        Http.send(Http.formPost(base + "/oauth/revoke", Map.of("token", access2, "client_id", clientId)));
        assertThat(accessTokens().authenticate(access2, "alpha")).as("revoked by its access token").isEmpty();
    }

    @Test
    void aClientKnownByItsMetadataDocumentSignsIn() {
        String clientId = DOCUMENTS.origin() + "/clients/assistant.json";
        DOCUMENTS.json("/clients/assistant.json", "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Doc Client\","
                + "\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
        Map<String, String> answer = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("jane"));
        HttpResponse<String> tokens = browser.exchange(clientId, answer.get("code"), REDIRECT, alpha);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(accessTokens().authenticate(Http.json(tokens).get("access_token").asText(), "alpha")).isPresent();
        assertThat(DOCUMENTS.received("/clients/assistant.json")).as("kept for its freshness, not fetched per request")
                .hasSize(1);

        String uncached = DOCUMENTS.origin() + "/clients/uncached.json";
        DOCUMENTS.route("/clients/uncached.json", request -> LoopbackHttpServer.Reply.json(200, "{\"client_id\":\""
                + uncached + "\",\"redirect_uris\":[\"" + REDIRECT + "\"]}").withHeader("Cache-Control", "no-store"));
        browser.authorize(browser.authorization(uncached, REDIRECT, alpha), user("jane"));
        browser.authorize(browser.authorization(uncached, REDIRECT, alpha), user("jane"));
        assertThat(DOCUMENTS.received("/clients/uncached.json")).as("no-store: fetched each time").hasSize(2);
        McpSessions sessions = ((LatchkeyApplication) APP.getApplication()).issuer().orElseThrow().sessions();
        assertThat(sessions.client(clientId)).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(McpClient.Kind.METADATA_DOCUMENT);
            assertThat(c.name()).contains("Doc Client");
        });
        assertThat(sessions.grantsOf(TENANT, "jane", null, 10).items()).hasSize(1);
        assertThat(sessions.consentsOf(TENANT, "jane", null, 10).items()).hasSize(1);
    }

    @Test
    void oversizeAndSlowMetadataDocumentsAreRefusedQuickly() {
        String big = DOCUMENTS.origin() + "/clients/big.json";
        DOCUMENTS.json("/clients/big.json", "{\"client_id\":\"" + big + "\",\"redirect_uris\":[\"" + REDIRECT + "\"],"
                + "\"client_name\":\"" + "x".repeat(6000) + "\"}");
        HttpResponse<String> oversize = browser.authorize(browser.authorization(big, REDIRECT, alpha), user("kim"));
        assertThat(oversize.statusCode()).isEqualTo(400);
        assertThat(oversize.headers().firstValue("location")).isEmpty();
        assertThat(oversize.body()).contains("larger than");

        try (HangingServer hanging = new HangingServer()) {
            String slow = hanging.origin() + "/clients/slow.json";
            long start = System.nanoTime();
            HttpResponse<String> refused = browser.authorize(browser.authorization(slow, REDIRECT, alpha), user("kim"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.headers().firstValue("location")).isEmpty();
            assertThat(millis).as("within the fetch timeout (1 s), not the hang").isLessThan(5_000);
        }

        String lying = DOCUMENTS.origin() + "/clients/lying.json";
        DOCUMENTS.json("/clients/lying.json", "{\"client_id\":\"https://other.example/c.json\",\"redirect_uris\":[\""
                + REDIRECT + "\"]}");
        HttpResponse<String> refused = browser.authorize(browser.authorization(lying, REDIRECT, alpha), user("kim"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("another client_id");
    }

    /** Hostile input at every endpoint: an answer of the protocol's kind, never a 5xx or a trace. */
    @Test
    void hostileInputGetsProtocolAnswersNeverAServerError() {
        String clientId = publicClient();
        String[] bodies = {"", "grant_type=", "grant_type=authorization_code&code=%00&client_id=" + clientId,
                "grant_type=refresh_token&refresh_token=" + "x".repeat(5000) + "&client_id=" + clientId,
                "grant_type=authorization_code&code=a&code=b&client_id=" + clientId, "%%%&&&==",
                "grant_type=password&username=a&password=b&client_id=" + clientId,
                "token=\"quoted\\&client_id=\u00e9t\u00e9", "client_id=" + "y".repeat(3000) + "&token=t"};
        String[] types = {"application/x-www-form-urlencoded", "application/json", "text/plain", "garbage/;;"};
        String[] auths = {null, "Basic", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString(
                "a:b:c".getBytes(StandardCharsets.UTF_8)), "Bearer x"};
        // Registration is throttled per address (limits.browser): its hostile bodies come below, one by one.
        for (String path : new String[] {"/oauth/token", "/oauth/revoke"}) {
            for (String body : bodies) {
                for (String type : types) {
                    for (String auth : auths) {
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
                        if (auth != null) {
                            request.header("Authorization", auth);
                        }
                        String what = path + " " + type + " " + auth + " " + body;
                        try {
                            assertSane(Http.send(request), what);
                        } catch (java.io.UncheckedIOException e) {
                            throw new AssertionError("no answer to " + what, e);
                        }
                    }
                }
            }
        }
        String[] registrations = {"{}", "[]", "{\"redirect_uris\":\"https://a.example/cb\"}",
                "{\"redirect_uris\":[\"https://a.example/\\\"cb\"],\"client_name\":\"" + "n".repeat(5000) + "\"}",
                "{\"redirect_uris\":[" + java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> "\"https://a.example/cb" + i + "\"").collect(java.util.stream.Collectors.joining(","))
                        + "]}",
                "{\"redirect_uris\":[\"https://a.example/" + "p".repeat(2100) + "\"]}",
                "{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}",
                "{\"redirect_uris\":[\"https://a.example/cb\"],\"response_types\":[\"token\"]}"};
        for (String json : registrations) {
            HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/register"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
            assertSane(answer, json.length() > 200 ? json.substring(0, 200) : json);
            assertThat(answer.statusCode()).as(json.length() > 200 ? json.substring(0, 200) : json).isEqualTo(400);
        }
        String[] queries = {"", "client_id=", "client_id=" + clientId, "client_id=%00&redirect_uri=%00",
                "client_id=https://&redirect_uri=x", "client_id=https:///x", "client_id=https://[::1/x",
                "client_id=http://10.0.0.1/c.json", "client_id=" + "https://a.example/" + "z".repeat(3000),
                "client_id=" + clientId + "&redirect_uri=" + BrowserAndClient.encode(REDIRECT) + "&resource=%3A%3A%3A",
                "client_id=" + clientId + "&client_id=x", "client_id=" + clientId + "&redirect_uri="
                        + BrowserAndClient.encode(REDIRECT) + "&state=%22%5C%0A&response_type=token"};
        for (String query : queries) {
            HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/authorize?" + query))
                    .header("Cookie", CookieSignIn.COOKIE + "=" + user("mallory")).GET());
            assertSane(answer, query.length() > 200 ? query.substring(0, 200) : query);
            assertThat(answer.statusCode()).as(query).isIn(302, 400);
        }
        HttpResponse<String> form = Http.send(Http.formPost(base + "/oauth/authorize", Map.of("decision", "allow",
                "csrf", "sig-x.y", "client_id", clientId)).header("Cookie", CookieSignIn.COOKIE + "=" + user("mallory")));
        assertSane(form, "forged consent form");
    }

    private static void assertSane(HttpResponse<String> answer, String what) {
        assertThat(answer.statusCode()).as(what + " -> " + answer.body()).isLessThan(500);
        assertThat(answer.body()).as(what).doesNotContain("Exception").doesNotContain("at dev.latchkey");
    }

    /** The gateway admits an access token at its route only, and tells a client without one where to sign in. */
    @Test
    void theGatewayAdmitsTheTokenAtItsRouteOnly() {
        String clientId = publicClient();
        Map<String, String> answer = browser.codeAfterConsent(browser.authorization(clientId, REDIRECT, alpha),
                user("leo"));
        String access = Http.json(browser.exchange(clientId, answer.get("code"), REDIRECT, alpha))
                .get("access_token").asText();
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        HttpResponse<String> atBeta = Http.send(mcpPost(beta, initialize).header("Authorization", "Bearer " + access));
        assertThat(atBeta.statusCode()).as(atBeta.body()).isEqualTo(401);
        assertThat(atBeta.headers().firstValue("www-authenticate").orElse("")).contains("resource_metadata=");
        HttpResponse<String> atAlpha = Http.send(mcpPost(alpha, initialize).header("Authorization", "Bearer " + access));
        assertThat(atAlpha.statusCode()).as(atAlpha.body()).isNotEqualTo(401);

        HttpResponse<String> metadata = Http.send(HttpRequest.newBuilder(
                URI.create(base + "/.well-known/oauth-protected-resource/mcp/alpha")).GET());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(Http.json(metadata).get("resource").asText()).isEqualTo(alpha);
        assertThat(Http.json(metadata).get("authorization_servers").get(0).asText()).isEqualTo(base);
    }

    private static HttpRequest.Builder mcpPost(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }
}
