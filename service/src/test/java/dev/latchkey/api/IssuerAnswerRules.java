package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.testing.RawHttp;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the authorization server's answers in {@link HostileInputFuzzTest} must satisfy, beyond
 * {@link AnswerRules}: its back-channel endpoints answer JSON, refusals as RFC 6749 / 7591
 * {@code {error, error_description}} (never problem JSON), never cached; the authorization endpoint answers
 * an HTML page or a redirect — to the sign-in pages, or to a redirect URI the named client registered, and
 * only a redirect with a code may have written anything; the gateway answers a bearer that is not an access
 * token for the route with 401 and the route's challenge.
 */
final class IssuerAnswerRules {

    private static final Set<String> BACK_CHANNEL = Set.of("/oauth/token", "/oauth/revoke", "/oauth/register");
    private static final Set<String> DOCUMENTS = Set.of("/.well-known/oauth-authorization-server", "/oauth/jwks");
    private static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource/mcp/";

    private IssuerAnswerRules() {
    }

    static void check(RawHttp.Request request, RawHttp.Response response, Map<String, Object> before,
                      Map<String, Object> after, Handle db, String base) {
        String where = request + "\n  -> " + response.status() + " " + response.headers() + "\n  "
                + (response.body().length() > 600 ? response.body().substring(0, 600) + "…" : response.body());
        String path = request.target().contains("?") ? request.target().substring(0, request.target().indexOf('?'))
                : request.target();
        if (AnswerRules.unparsed(response) || response.status() == 417) {
            return; // Jetty answered before any resource saw the request (framing, an Expect it does not know)
        }
        if (BACK_CHANNEL.contains(path) && request.method().equals("POST")) {
            backChannel(path, response, where);
        } else if (DOCUMENTS.contains(path) && request.method().equals("GET") && response.status() == 200) {
            assertThat(json(response)).as("a JSON document: " + where).isPresent();
        } else if (path.startsWith(PROTECTED_RESOURCE) && request.method().equals("GET")) {
            // 406: an Accept that rules out JSON (text/html alone) is told, in JSON, what the document is
            assertThat(response.status()).as("metadata or not found: " + where).isIn(200, 400, 404, 406);
            assertThat(json(response)).as("JSON: " + where).isPresent();
            if (response.status() == 200) {
                assertThat(json(response).get().path("resource").asText()).as(where)
                        .isEqualTo(base + "/mcp/" + path.substring(PROTECTED_RESOURCE.length()));
            }
        } else if (path.equals("/oauth/authorize")) {
            authorization(request, response, before, after, db, base, where);
        } else if (path.startsWith("/mcp/") && request.headers().stream()
                .anyMatch(h -> h.getKey().equals("Authorization") && h.getValue().length() > 7
                        && !h.getValue().substring(7).isBlank())) {
            assertThat(response.status()).as("a bearer that is no access token for the route: " + where)
                    .isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as("the route's challenge: " + where)
                    .hasValueSatisfying(challenge -> assertThat(challenge)
                            .contains("resource_metadata=\"" + base + "/.well-known/oauth-protected-resource" + path + "\"")
                            .contains("error=\"invalid_token\""));
        }
    }

    private static void backChannel(String path, RawHttp.Response response, String where) {
        assertThat(response.header("Cache-Control")).as("never cached: " + where)
                .hasValueSatisfying(cache -> assertThat(cache).contains("no-store"));
        if (response.status() == 200 && path.equals("/oauth/revoke")) {
            return;
        }
        assertThat(response.header("Content-Type")).as("JSON: " + where)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response).orElseThrow(() -> new AssertionError("a JSON object: " + where));
        if (response.status() >= 400) {
            assertThat(body.path("error").asText()).as("an RFC 6749 error code: " + where).matches("[a-z_]+");
            assertThat(body.has("type") || body.has("code")).as("not problem JSON: " + where).isFalse();
            if (response.status() == 401) {
                assertThat(response.header("WWW-Authenticate")).as("a Basic challenge: " + where).isPresent();
            }
        } else if (path.equals("/oauth/register")) {
            assertThat(response.status()).as(where).isEqualTo(201);
            assertThat(body.path("client_id").asText()).as(where).startsWith("lkc_");
        } else {
            assertThat(body.path("access_token").asText()).as(where).isNotEmpty();
            assertThat(body.path("token_type").asText()).as(where).isEqualToIgnoringCase("bearer");
        }
    }

    private static void authorization(RawHttp.Request request, RawHttp.Response response, Map<String, Object> before,
                                      Map<String, Object> after, Handle db, String base, String where) {
        Optional<String> location = response.header("Location");
        if (request.method().equals("HEAD")) {
            assertThat(location).as("a HEAD changes nothing: " + where).isEmpty();
            assertThat(after).as("a HEAD writes nothing: " + where).isEqualTo(before);
            return;
        }
        if (location.isEmpty()) {
            assertThat(response.header("Content-Type")).as("an HTML page: " + where)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(response.body()).as("an HTML page: " + where).containsIgnoringCase("<html");
            assertThat(after).as("a page writes nothing: " + where).isEqualTo(before);
            return;
        }
        assertThat(response.status()).as("a redirect: " + where).isIn(302, 303);
        String to = location.get();
        if (to.startsWith(base + "/signin?continue=")) {
            assertThat(after).as("sent to sign in, nothing written: " + where).isEqualTo(before);
            return;
        }
        List<String> params = params(request);
        List<String> registered = new ArrayList<>();
        for (String clientId : values(params, "client_id")) {
            db.createQuery("SELECT redirect_uris FROM oauth_clients WHERE client_id = :id").bind("id", clientId)
                    .mapTo(String.class).findOne().ifPresent(uris -> registered.addAll(Arrays.asList(uris.split(" "))));
        }
        assertThat(registered.stream().anyMatch(uri -> to.startsWith(uri)
                        && to.length() > uri.length() && "?&".indexOf(to.charAt(uri.length())) >= 0
                        && values(params, "redirect_uri").contains(uri)))
                .as("a redirect only to a redirect URI the client registered (" + registered + "): " + where).isTrue();
        if (!to.contains("code=")) {
            assertThat(after).as("an error redirect writes nothing: " + where).isEqualTo(before);
        }
    }

    /** The request's parameters as name=value pairs, decoded (query, or the form of a POST). */
    private static List<String> params(RawHttp.Request request) {
        String raw = request.method().equals("POST") && request.body() != null
                ? new String(request.body(), StandardCharsets.UTF_8)
                : request.target().contains("?") ? request.target().substring(request.target().indexOf('?') + 1) : "";
        List<String> pairs = new ArrayList<>();
        for (String pair : raw.split("&")) {
            pairs.add(decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair) + "="
                    + decode(pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : ""));
        }
        return pairs;
    }

    private static List<String> values(List<String> params, String name) {
        return params.stream().filter(p -> p.startsWith(name + "=")).map(p -> p.substring(name.length() + 1)).toList();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static Optional<JsonNode> json(RawHttp.Response response) {
        return AnswerRules.json(response);
    }
}
