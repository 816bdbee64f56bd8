package dev.latchkey.connection;

import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Received;
import dev.latchkey.testing.LoopbackHttpServer.Reply;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small authorization server on 127.0.0.1 whose token endpoint a test can steer: open dynamic
 * registration, an authorization endpoint that approves at once, a token endpoint that issues
 * {@code <name>-at-N} / {@code <name>-rt-N} (with or without {@code expires_in}) or answers what
 * the test says for code exchanges and refreshes, and a revocation endpoint.
 */
final class FakeAuthorizationServer implements AutoCloseable {

    private final LoopbackHttpServer http = new LoopbackHttpServer();
    private final String name;
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Long expiresIn = 3600L;
    private volatile Function<Received, Reply> refreshes = r -> tokens();
    private volatile Function<Received, Reply> codeExchanges = r -> tokens();

    FakeAuthorizationServer(String name) {
        this.name = name;
        http.route("/.well-known/oauth-authorization-server", r -> Reply.json(200, metadata()));
        http.route("/register", r -> Reply.json(201, "{\"client_id\":\"" + name + "-client-"
                + http.received("/register").size() + "\",\"client_secret\":\"" + name + "-secret\","
                + "\"token_endpoint_auth_method\":\"client_secret_basic\"}"));
        http.route("/authorize", this::approve);
        http.route("/token", r -> "refresh_token".equals(form(r.body()).get("grant_type")) ? refreshes.apply(r)
                : codeExchanges.apply(r));
        http.route("/revoke", r -> new Reply(200, Map.of(), new byte[0]));
    }

    String issuer() {
        return http.origin();
    }

    /** Access-token lifetime of the tokens issued from now on; null to send no {@code expires_in}. */
    void expiresIn(Long seconds) {
        this.expiresIn = seconds;
    }

    /** How the token endpoint answers refresh requests from now on. */
    void refreshesAnswer(Function<Received, Reply> answer) {
        this.refreshes = answer;
    }

    /** How the token endpoint answers code exchanges from now on. */
    void codeExchangesAnswer(Function<Received, Reply> answer) {
        this.codeExchanges = answer;
    }

    void codeExchangesSucceed() {
        this.codeExchanges = r -> tokens();
    }

    void refreshesSucceed() {
        this.refreshes = r -> tokens();
    }

    /** Token-endpoint requests of the given grant type received so far. */
    long tokenRequests(String grantType) {
        return http.received("/token").stream().filter(r -> grantType.equals(form(r.body()).get("grant_type")))
                .count();
    }

    long registrations() {
        return http.received("/register").size();
    }

    private String metadata() {
        String o = http.origin();
        return "{\"issuer\":\"" + o + "\",\"authorization_endpoint\":\"" + o + "/authorize\","
                + "\"token_endpoint\":\"" + o + "/token\",\"registration_endpoint\":\"" + o + "/register\","
                + "\"revocation_endpoint\":\"" + o + "/revoke\",\"response_types_supported\":[\"code\"],"
                + "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"]}";
    }

    private Reply approve(Received request) {
        Map<String, String> query = form(request.query());
        return Reply.redirect(query.get("redirect_uri") + "?code=" + name + "-code-" + issued.get() + "&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
    }

    private Reply tokens() {
        int n = issued.incrementAndGet();
        Long lifetime = expiresIn;
        return Reply.json(200, "{\"access_token\":\"" + name + "-at-" + n + "\",\"token_type\":\"Bearer\","
                + "\"refresh_token\":\"" + name + "-rt-" + n + "\",\"scope\":\"mcp:tools\""
                + (lifetime == null ? "" : ",\"expires_in\":" + lifetime) + "}");
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Override
    public void close() {
        http.close();
    }
}
