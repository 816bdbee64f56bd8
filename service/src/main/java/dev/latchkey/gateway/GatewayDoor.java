package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.gateway.tokens.GatewayTokens;
import dev.latchkey.protocol.ResourceUris;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What both of Latchkey's MCP endpoints — the gateway ({@code /mcp/{slug}}) and its own server
 * ({@code /mcp}) — check before anything else: an {@code Origin} present must be Latchkey's own
 * (DNS-rebinding protection), and a gateway token must name the caller. A refusal is a JSON-RPC error
 * without an id, written after what is left of the request's body has been read, so that the client's
 * connection stays usable for its next request.
 */
public final class GatewayDoor {

    /** Documented in docs/gateway.md: a static-token client sees exactly this, and no resource_metadata. */
    public static final String CHALLENGE = "Bearer realm=\"latchkey-gateway\"";
    /** The most of a refused request's body read (and dropped); beyond it the answer closes the connection. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private final Function<String, Optional<GatewayCaller>> tokens;
    private final String allowedOrigin;
    private final JsonRpcAnswers answers;

    /** @param tokens {@code GatewayTokens::authenticate} */
    public GatewayDoor(Function<String, Optional<GatewayCaller>> tokens, URI publicBaseUrl, ObjectMapper json) {
        this.tokens = tokens;
        this.allowedOrigin = ResourceUris.origin(publicBaseUrl);
        this.answers = new JsonRpcAnswers(json);
    }

    /**
     * The caller the request's gateway token stands for; empty once the refusal has been written — 403
     * for a foreign {@code Origin}, 401 with the gateway's challenge for a missing or invalid token.
     */
    public Optional<GatewayCaller> admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            refuse(request, response, 403, "Origin not allowed.");
            return Optional.empty();
        }
        Optional<String> bearer = bearer(request);
        Optional<GatewayCaller> caller = bearer.flatMap(tokens);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", bearer.isEmpty() ? CHALLENGE : CHALLENGE + ", error=\"invalid_token\"");
            refuse(request, response, 401, bearer.isEmpty() ? "Send the gateway token: Authorization: Bearer lkg_…"
                    : "The gateway token is unknown, revoked or expired.");
        }
        return caller;
    }

    /** A refusal: a JSON-RPC error ({@code -32600}, no id) with {@code status}, after draining the body. */
    public void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        drain(request, response);
        answers.refuse(response, status, JsonRpcAnswers.INVALID_REQUEST, message);
    }

    /**
     * Reads what is left of a refused request's body: answered with the body still on its way, the
     * connection would be closed after the answer without telling the client, and its next request on
     * it would fail. A body past {@link #DRAIN_LIMIT} is not waited for: the answer says
     * {@code Connection: close}.
     */
    static void drain(HttpServletRequest request, HttpServletResponse response) {
        try {
            InputStream in = request.getInputStream();
            long left = DRAIN_LIMIT;
            byte[] buffer = new byte[8192];
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
            if (left <= 0) {
                response.setHeader("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            response.setHeader("Connection", "close");
        }
    }

    private boolean originAllowed(String origin) {
        try {
            URI uri = new URI(origin.strip());
            return uri.getHost() != null && uri.getScheme() != null && ResourceUris.origin(uri).equals(allowedOrigin);
        } catch (URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String value = header.substring(7).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
