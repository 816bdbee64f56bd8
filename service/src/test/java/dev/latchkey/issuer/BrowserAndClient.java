package dev.latchkey.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.testing.Http;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What an MCP client and its user's browser do against the authorization server, step by step, over HTTP. */
final class BrowserAndClient {

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    final String base;
    final CodeVerifier verifier = new CodeVerifier();

    BrowserAndClient(String base) {
        this.base = base;
    }

    String challenge() {
        return CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
    }

    /** The usual authorization request parameters of a client for {@code resource}. */
    Map<String, String> authorization(String clientId, String redirectUri, String resource) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("code_challenge", challenge());
        params.put("code_challenge_method", "S256");
        params.put("resource", resource);
        params.put("scope", "mcp");
        params.put("state", "st-" + System.nanoTime());
        return params;
    }

    HttpResponse<String> authorize(Map<String, String> params, String userCookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/oauth/authorize?" + Http.formBody(params)))
                .GET();
        if (userCookie != null) {
            request.header("Cookie", CookieSignIn.COOKIE + "=" + userCookie);
        }
        return Http.send(request);
    }

    /** Submits the consent page's form with {@code decision} (allow or deny). */
    HttpResponse<String> decide(HttpResponse<String> consentPage, String decision, String userCookie) {
        Map<String, String> form = hiddenInputs(consentPage.body());
        form.put("decision", decision);
        return Http.send(Http.formPost(base + "/oauth/authorize", form)
                .header("Cookie", CookieSignIn.COOKIE + "=" + userCookie));
    }

    static Map<String, String> hiddenInputs(String html) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher matcher = HIDDEN.matcher(html);
        while (matcher.find()) {
            form.put(matcher.group(1), unescape(matcher.group(2)));
        }
        return form;
    }

    /** Authorizes with consent given on the page, and returns the redirect's query parameters. */
    Map<String, String> codeAfterConsent(Map<String, String> params, String userCookie) {
        HttpResponse<String> page = authorize(params, userCookie);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        HttpResponse<String> allowed = decide(page, "allow", userCookie);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(302);
        return query(allowed);
    }

    HttpResponse<String> token(Map<String, String> form, String basic) {
        HttpRequest.Builder request = Http.formPost(base + "/oauth/token", form);
        if (basic != null) {
            request.header("Authorization", basic);
        }
        return Http.send(request);
    }

    HttpResponse<String> exchange(String clientId, String code, String redirectUri, String resource) {
        return token(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", redirectUri, "code_verifier", verifier.getValue(), "resource", resource), null);
    }

    HttpResponse<String> refresh(String clientId, String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken), null);
    }

    JsonNode register(String json) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response);
    }

    /** The query parameters of a redirect's Location. */
    static Map<String, String> query(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("location").orElseThrow();
        String query = URI.create(location).getRawQuery();
        if (query == null) {
            return Map.of();
        }
        return java.util.Arrays.stream(query.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> a,
                LinkedHashMap::new));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
