package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.signin.UserSessions;
import dev.latchkey.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real things of the authorization server for {@link HostileInputFuzzTest} to aim at: a signed-in user of
 * the identity provider corp (tenant default), a gateway route of that tenant, a public client that user
 * consented to, confidential clients (basic and post) with their secrets, unredeemed codes, a refresh
 * token, an access token for the route, a look-alike of it signed by a foreign key, and the published key.
 */
record IssuerFixtures(String base, String userCookie, String slug, String resource, String publicClient,
                      String basicClient, String basicSecret, String postClient, String postSecret,
                      List<String> redirectUris, String verifier, String challenge, List<String> codes,
                      String refreshToken, String accessToken, String foreignToken, String publicKey) {

    /** The user session cookie on plain http, as the fuzzed app runs. */
    static final String USER_COOKIE = "latchkey_user";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    static IssuerFixtures create(int port, ApiKeys keys, UserSessions sessions) {
        String base = "http://127.0.0.1:" + port;
        String slug = route(port, keys.create("default", Optional.of("fuzz")).secret());
        String resource = base + "/mcp/" + slug;
        String cookie = sessions.open("default", "corp", "alice", "Alice").cookieValue();
        List<String> redirects = List.of("http://127.0.0.1:" + HostileInputs.closedPort() + "/callback",
                "https://app.example.invalid/cb?x=1");
        String redirectJson = HostileInputs.jsonArray(redirects);
        String publicClient = register(port, "{\"redirect_uris\":" + redirectJson
                + ",\"token_endpoint_auth_method\":\"none\",\"client_name\":\"Fuzz Public\"}").path("client_id").asText();
        JsonNode basic = register(port, "{\"redirect_uris\":" + redirectJson + ",\"client_name\":\"Fuzz Basic\"}");
        JsonNode post = register(port, "{\"redirect_uris\":" + redirectJson
                + ",\"token_endpoint_auth_method\":\"client_secret_post\"}");
        CodeVerifier verifier = new CodeVerifier();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        String authorize = "/oauth/authorize?response_type=code&client_id=" + publicClient + "&redirect_uri="
                + HostileInputs.encode(redirects.get(0)) + "&code_challenge=" + challenge
                + "&code_challenge_method=S256&scope=mcp&state=fuzz&resource=" + HostileInputs.encode(resource);
        consent(port, authorize, cookie);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            codes.add(code(port, authorize, cookie));
        }
        JsonNode tokens = json(send(port, "POST", "/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=authorization_code&client_id=" + publicClient + "&code=" + codes.remove(0)
                        + "&redirect_uri=" + HostileInputs.encode(redirects.get(0)) + "&code_verifier="
                        + verifier.getValue(), List.of()));
        String accessToken = tokens.path("access_token").asText();
        return new IssuerFixtures(base, cookie, slug, resource, publicClient, basic.path("client_id").asText(),
                basic.path("client_secret").asText(), post.path("client_id").asText(),
                post.path("client_secret").asText(), redirects, verifier.getValue(), challenge, List.copyOf(codes),
                tokens.path("refresh_token").asText(), accessToken, foreign(accessToken),
                json(send(port, "GET", "/oauth/jwks", null, null, List.of())).path("keys").path(0).toString());
    }

    /** A gateway route of tenant default (its server never answers). */
    private static String route(int port, String key) {
        RawHttp.Response response = send(port, "POST", "/v1/servers", "application/json",
                "{\"url\":\"https://mcp.example.invalid/mcp\",\"name\":\"Fuzz\"}", List.of("Authorization", "Bearer " + key));
        if (response.status() != 201) {
            throw new IllegalStateException("route fixture: " + response);
        }
        return json(response).path("slug").asText();
    }

    private static JsonNode register(int port, String body) {
        RawHttp.Response response = send(port, "POST", "/oauth/register", "application/json", body, List.of());
        if (response.status() != 201) {
            throw new IllegalStateException("client fixture: " + response);
        }
        return json(response);
    }

    /** The user allows the public client on the consent page. */
    private static void consent(int port, String authorize, String cookie) {
        RawHttp.Response page = send(port, "GET", authorize, null, null, List.of("Cookie", USER_COOKIE + "=" + cookie));
        if (page.status() != 200) {
            throw new IllegalStateException("consent page fixture: " + page);
        }
        Map<String, String> form = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(page.body());
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2).replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        }
        form.put("decision", "allow");
        String body = form.entrySet().stream().map(e -> HostileInputs.encode(e.getKey()) + "="
                + HostileInputs.encode(e.getValue())).collect(Collectors.joining("&"));
        RawHttp.Response allowed = send(port, "POST", "/oauth/authorize", "application/x-www-form-urlencoded", body,
                List.of("Cookie", USER_COOKIE + "=" + cookie));
        if (allowed.status() != 302) {
            throw new IllegalStateException("consent fixture: " + allowed);
        }
    }

    /** A fresh code: consent is remembered, so the authorization redirects at once. */
    private static String code(int port, String authorize, String cookie) {
        RawHttp.Response redirect = send(port, "GET", authorize, null, null, List.of("Cookie", USER_COOKIE + "=" + cookie));
        String query = redirect.header("Location").map(URI::create).map(URI::getRawQuery)
                .orElseThrow(() -> new IllegalStateException("code fixture: " + redirect));
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no code in " + query);
    }

    /** The same claims as a real access token, signed by a key Latchkey never had. */
    private static String foreign(String accessToken) {
        try {
            JWTClaimsSet claims = SignedJWT.parse(accessToken).getJWTClaimsSet();
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(SignedJWT.parse(accessToken).getHeader().getKeyID())
                    .generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("foreign token fixture", e);
        }
    }

    private static RawHttp.Response send(int port, String method, String target, String type, String body,
                                         List<String> headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>(RawHttp.headers(headers.toArray(String[]::new)));
        if (type != null) {
            list.add(Map.entry("Content-Type", type));
        }
        return RawHttp.send(port, new RawHttp.Request(method, target, list,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("fixture answer " + response, e);
        }
    }
}
