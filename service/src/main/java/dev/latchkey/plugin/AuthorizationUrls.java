package dev.latchkey.plugin;

import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.Parameter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders the plugin-adjustable part of an authorization request onto the URL the engine built
 * (which carries the protocol parameters it owns), by the SPI's rules: each scope percent-encoded,
 * joined by the separator inserted verbatim except that a space becomes {@code %20}; no
 * {@code scope} when there are none; then {@code resource} unless omitted, then extra parameters.
 */
public final class AuthorizationUrls {

    /** The URL to send the browser to, and the scopes it requests. */
    public record Prepared(String url, List<String> scopes) {
        public Prepared {
            scopes = List.copyOf(scopes);
        }
    }

    private AuthorizationUrls() {
    }

    public static Prepared render(URI base, AuthorizationRequest request) {
        StringBuilder url = new StringBuilder(base.toString());
        char joiner = base.getRawQuery() == null ? '?' : '&';
        if (!request.scopes().isEmpty()) {
            String separator = request.scopeSeparator().replace(" ", "%20");
            List<String> encoded = request.scopes().stream().map(AuthorizationUrls::encode).toList();
            url.append(joiner).append("scope=").append(String.join(separator, encoded));
            joiner = '&';
        }
        if (request.resource().isPresent()) {
            url.append(joiner).append("resource=").append(encode(request.resource().get()));
            joiner = '&';
        }
        for (Parameter p : request.extraParameters()) {
            url.append(joiner).append(encode(p.name())).append('=').append(encode(p.value()));
            joiner = '&';
        }
        return new Prepared(url.toString(), request.scopes());
    }

    /** RFC 3986 percent-encoding (a space is {@code %20}, never {@code +}). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
