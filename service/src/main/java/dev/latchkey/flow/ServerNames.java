package dev.latchkey.flow;

import java.net.URI;
import java.util.Locale;

/** Names derived from an MCP server URL: the slug shown to models, and the canonical resource URI. */
public final class ServerNames {

    private ServerNames() {
    }

    /** E.g. {@code https://mcp.example.com/v1/mcp} → {@code mcp-example-com-v1-mcp}. */
    public static String slug(URI url) {
        String host = url.getHost() == null ? "server" : url.getHost().toLowerCase(Locale.ROOT);
        String path = url.getPath() == null ? "" : url.getPath();
        String port = url.getPort() > 0 ? "-" + url.getPort() : "";
        String slug = (host + port + path).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.length() > 100 ? slug.substring(0, 100) : slug;
    }

    /**
     * The RFC 8707 canonical form of an MCP server URI: lowercase scheme and host, no default port,
     * no fragment, no query, no trailing slash unless the path is only "/".
     */
    public static String canonicalResource(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/")) {
            path = "";
        }
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + hostPart + (defaultPort ? "" : ":" + port) + path;
    }
}
