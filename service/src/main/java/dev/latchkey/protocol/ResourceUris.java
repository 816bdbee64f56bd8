package dev.latchkey.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** The canonical form of resource identifiers (RFC 8707, RFC 9728 §3.3). */
public final class ResourceUris {

    private ResourceUris() {
    }

    /**
     * Lowercase scheme and host, no user info, no default port, no fragment, no trailing slash
     * unless the slash is the whole path. The query, if any, is kept.
     */
    public static String canonical(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw Failure.request("discovery_failed", "the server URL must be an absolute http(s) URL");
        }
        StringBuilder out = new StringBuilder(origin(uri));
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        out.append(path);
        if (uri.getRawQuery() != null) {
            out.append('?').append(uri.getRawQuery());
        }
        return out.toString();
    }

    /** {@code scheme://host[:port]}, canonical, without a path. */
    public static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** Whether the text is exactly an origin, {@code scheme://host[:port]}, as {@link #origin(URI)} writes it. */
    public static boolean isOrigin(String value) {
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && origin(uri).equals(value);
        } catch (URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    /** Whether two absolute URLs share scheme, host and port. */
    public static boolean sameOrigin(URI a, URI b) {
        try {
            return a.getHost() != null && b.getHost() != null && origin(a).equals(origin(b));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The canonical form of a string, or empty when it is no absolute http(s) URL. */
    public static Optional<String> canonical(String value) {
        try {
            URI uri = new URI(value);
            return Optional.of(canonical(uri));
        } catch (URISyntaxException | Failure | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Equal canonical identifiers; an empty path and "/" name the same resource. */
    public static boolean same(String a, String b) {
        return rootless(a).equals(rootless(b));
    }

    private static String rootless(String canonical) {
        int schemeEnd = canonical.indexOf("://");
        int pathStart = canonical.indexOf('/', schemeEnd + 3);
        boolean rootOnly = pathStart >= 0 && pathStart == canonical.length() - 1;
        return rootOnly ? canonical.substring(0, pathStart) : canonical;
    }
}
