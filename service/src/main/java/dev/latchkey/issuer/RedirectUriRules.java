package dev.latchkey.issuer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a client's redirect URI may be: https, or plain http only to a loopback host (a native client's
 * local callback, RFC 8252); absolute, with a host, no fragment, no credentials, at most 2000 characters.
 * Requests compare redirect URIs to the registered ones as exact strings.
 */
public final class RedirectUriRules {

    static final int MAX_LENGTH = 2000;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private RedirectUriRules() {
    }

    /** Why this redirect URI may not be registered, or empty when it may. */
    public static Optional<String> refusal(String uri) {
        if (uri == null || uri.isBlank()) {
            return Optional.of("a redirect URI is empty");
        }
        if (uri.length() > MAX_LENGTH) {
            return Optional.of("a redirect URI is longer than " + MAX_LENGTH + " characters");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("a redirect URI is not a valid URI");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (parsed.getHost() == null || parsed.getHost().isBlank()) {
            return Optional.of("a redirect URI must be absolute and name a host");
        }
        if (parsed.getRawFragment() != null) {
            return Optional.of("a redirect URI must not have a fragment");
        }
        if (parsed.getRawUserInfo() != null) {
            return Optional.of("a redirect URI must not carry credentials");
        }
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http") && isLoopback(parsed.getHost())) {
            return Optional.empty();
        }
        return Optional.of("a redirect URI must be https, or http to 127.0.0.1, [::1] or localhost");
    }

    static boolean isLoopback(String host) {
        return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    }
}
