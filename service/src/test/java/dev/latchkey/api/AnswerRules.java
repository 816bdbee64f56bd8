package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.RawHttp;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What every answer in {@link HostileInputFuzzTest} must satisfy (the rules are in its javadoc). */
final class AnswerRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> REJECTED = Set.of(400, 401, 403, 404, 405, 406, 411, 413, 414, 415, 422,
            429, 431);
    private static final Set<String> UPSTREAM_CODES = Set.of("discovery_failed", "egress_blocked",
            "insecure_endpoint", "registration_failed", "registration_unavailable", "resource_mismatch",
            "issuer_mismatch", "pkce_unsupported", "plugin_failed", "authorization_server_unavailable",
            "credentials_not_for_issuer");
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?:\\b(?:java|javax|jakarta|org|com|dev|io|net)\\.[a-z0-9_]+\\.[\\w.$]*(?:Exception|Error)\\b)"
                    + "|(?:\\n\\s*at [\\w.$]+\\()|(?:\\bCaused by:)|(?:\\b[A-Z]\\w*Exception:)");

    private AnswerRules() {
    }

    /** Whether the request is for a page a browser opens. */
    static boolean browserPage(RawHttp.Request request) {
        return request.target().startsWith("/connect/") || request.target().startsWith("/oauth/callback")
                || request.target().equals("/signin") || request.target().startsWith("/signin/")
                || request.target().startsWith("/signin?");
    }

    /** Asserts every rule on one exchange; {@code before} and {@code after} are its {@link WriteCounts}. */
    static void check(RawHttp.Request request, RawHttp.Response response, Map<String, Object> before,
                      Map<String, Object> after) {
        boolean browserPage = browserPage(request);
        String where = request + "\n  -> " + response.status() + " " + response.headers() + "\n  "
                + (response.body().length() > 600 ? response.body().substring(0, 600) + "…" : response.body());

        assertThat(STACK_TRACE.matcher(response.body()).find()).as("stack trace or exception name in " + where)
                .isFalse();
        assertThat(response.header("Location").map(AnswerRules::decoded).filter(l -> STACK_TRACE.matcher(l).find()))
                .as("exception name in the Location of " + where).isEmpty();
        Optional<JsonNode> problem = problem(response);
        if (response.status() >= 500 && !identityProviderUnreachable(request, response)) {
            assertThat(problem.map(p -> p.path("code").asText()).filter(UPSTREAM_CODES::contains)
                    .filter(code -> response.status() != 500 && upstreamCall(request)))
                    .as("a 5xx other than a gateway answer for an upstream that failed: " + where).isPresent();
        }
        boolean head = request.method().equals("HEAD");
        if (request.target().startsWith("/v1") && response.status() >= 400 && !head) {
            assertThat(response.header("Content-Type")).as("problem media type: " + where)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(problem).as("problem JSON: " + where).isPresent();
            JsonNode body = problem.get();
            assertThat(body.path("type").asText()).as("type: " + where).isNotBlank();
            assertThat(body.path("title").asText()).as("title: " + where).isNotBlank();
            assertThat(body.path("status").asInt()).as("status: " + where).isEqualTo(response.status());
            assertThat(body.path("code").asText()).as("code: " + where).matches("[a-z][a-z0-9_]*");
        }
        if (browserPage && !head && request.method().equals("GET") && !unparsed(response, problem)) {
            assertThat(response.header("Content-Type")).as("an HTML page: " + where)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(response.body()).as("an HTML page: " + where).containsIgnoringCase("<html");
        }
        if (REJECTED.contains(response.status())) {
            assertThat(after).as("nothing written for rejected input: " + where).isEqualTo(before);
        }
    }

    /** Whether Jetty answered before the request was parsed far enough to reach a resource. */
    static boolean unparsed(RawHttp.Response response) {
        return unparsed(response, problem(response));
    }

    private static String decoded(String location) {
        try {
            return java.net.URLDecoder.decode(location, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return location;
        }
    }

    /**
     * An answer Jetty gave before the request was parsed far enough to name a page (oversized
     * headers, an unparsable request line): it cannot know a browser is asking, so problem JSON.
     */
    private static boolean unparsed(RawHttp.Response response, Optional<JsonNode> problem) {
        return Set.of(400, 414, 431).contains(response.status()) && problem.isPresent()
                && Set.of("bad_request", "uri_too_long", "headers_too_large").contains(problem.get().path("code").asText());
    }

    /**
     * A sign-in that starts at the identity provider, whose discovery never answers (its issuer is under
     * {@code .invalid}): the page saying it cannot be reached (502) is the honest answer, as for an upstream.
     */
    private static boolean identityProviderUnreachable(RawHttp.Request request, RawHttp.Response response) {
        String path = request.target().contains("?") ? request.target().substring(0, request.target().indexOf('?'))
                : request.target();
        return response.status() == 502 && path.startsWith("/signin")
                && response.header("Content-Type").orElse("").startsWith("text/html")
                && (request.method().equals("HEAD") || response.body().contains("The identity provider cannot be reached"));
    }

    /** Requests that make Latchkey call the server they name (or a connection's authorization server). */
    private static boolean upstreamCall(RawHttp.Request request) {
        String target = request.target();
        return request.method().equals("POST") && (target.equals("/v1/flows") || target.equals("/v1/token")
                || target.startsWith("/v1/connections/") && target.endsWith("/token"))
                || request.method().equals("DELETE") && target.startsWith("/v1/connections/");
    }

    /** The body as a JSON object, whatever the Content-Type says. */
    static Optional<JsonNode> json(RawHttp.Response response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    static Optional<JsonNode> problem(RawHttp.Response response) {
        if (!response.header("Content-Type").orElse("").startsWith("application/problem+json")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(response.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
