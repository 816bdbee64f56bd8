package dev.latchkey.flow;

import java.net.URI;
import java.util.Locale;

/** The slug shown to models, derived from an MCP server URL. */
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

}
