package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.protocol.ResourceUris;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What both of Latchkey's MCP endpoints — the gateway ({@code /mcp/{slug}}) and its own server
 * ({@code /mcp}) — check before anything else: an {@code Origin} present must be Latchkey's own
 * (DNS-rebinding protection), and a credential must name the caller: a gateway token, or an access
 * token Latchkey issued for the route. A refusal is a JSON-RPC error
 * without an id, written after what is left of the request's body has been read, so that the client's
 * connection stays usable for its next request.
 */
public final class GatewayDoor {

    /**
     * Documented in docs/gateway.md: without the authorization server a client sees exactly this; with it,
     * a gateway route's challenge also names the route's protected resource metadata (RFC 9728 §5.1).
     */
    public static final String CHALLENGE = "Bearer realm=\"latchkey-gateway\"";
    /** The most of a refused request's body read (and dropped); beyond it the answer closes the connection. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private final GatewayCredentials credentials;
    private final String allowedOrigin;
    private final Optional<GatewayRoutes> metadata;
    private final JsonRpcAnswers answers;

    /**
     * @param metadata the routes whose protected resource metadata the challenge names: present when
     *                 Latchkey is the authorization server of its gateway
     */
    public GatewayDoor(GatewayCredentials credentials, URI publicBaseUrl, Optional<GatewayRoutes> metadata,
                       ObjectMapper json) {
        this.credentials = credentials;
        this.allowedOrigin = ResourceUris.origin(publicBaseUrl);
        this.metadata = metadata;
        this.answers = new JsonRpcAnswers(json);
    }

    /**
     * The caller the request's credential stands for on this route ({@code route} the server slug, empty
     * for Latchkey's own MCP server); empty once the refusal has been written — 403 for a foreign
     * {@code Origin}, 401 with the gateway's challenge for a missing or invalid credential (an access
     * token issued for another route is invalid here).
     */
    public Optional<GatewayCaller> admit(HttpServletRequest request, HttpServletResponse response,
                                         Optional<String> route) throws IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            refuse(request, response, 403, "Origin not allowed.");
            return Optional.empty();
        }
        Optional<String> bearer = bearer(request);
        Optional<GatewayCaller> caller = bearer.flatMap(value -> credentials.authenticate(value, route));
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", challenge(route, bearer.isPresent()));
            refuse(request, response, 401, bearer.isEmpty() ? "Send the gateway token: Authorization: Bearer lkg_…"
                    + (signInOffered(route) ? ", or sign in through the authorization server the challenge names." : "")
                    : "The credential is unknown, revoked or expired, or was not issued for this server.");
        }
        return caller;
    }

    private String challenge(Optional<String> route, boolean presented) {
        StringBuilder challenge = new StringBuilder(CHALLENGE);
        if (signInOffered(route)) {
            challenge.append(", resource_metadata=\"").append(metadata.get().resourceMetadata(route.get())).append('"');
        }
        if (presented) {
            challenge.append(", error=\"invalid_token\"");
        }
        return challenge.toString();
    }

    private boolean signInOffered(Optional<String> route) {
        return metadata.isPresent() && route.isPresent();
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
