package dev.latchkey.flow;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** The slug shown to models, derived from an MCP server URL. */
public final class ServerNames {

    // Compiled once: String.replaceAll compiles its pattern on every call, and this runs on every flow start.
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("(^-+|-+$)");

    private ServerNames() {
    }

    /** E.g. {@code https://mcp.example.com/v1/mcp} → {@code mcp-example-com-v1-mcp}. */
    public static String slug(URI url) {
        String host = url.getHost() == null ? "server" : url.getHost().toLowerCase(Locale.ROOT);
        String path = url.getPath() == null ? "" : url.getPath();
        String port = url.getPort() > 0 ? "-" + url.getPort() : "";
        String dashed = NOT_ALPHANUMERIC.matcher(host + port + path).replaceAll("-");
        String slug = EDGE_DASHES.matcher(dashed).replaceAll("");
        return slug.length() > 100 ? slug.substring(0, 100) : slug;
    }

}
