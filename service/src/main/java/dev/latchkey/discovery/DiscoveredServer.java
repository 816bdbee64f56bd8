package dev.latchkey.discovery;

import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import java.net.URI;
import java.util.Objects;

/**
 * What discovery learned about an MCP server: its canonical resource (the key Latchkey finds its
 * connections by) and its authorization server.
 */
public record DiscoveredServer(URI serverUrl, String resource, ProtectedResourceMetadata resourceMetadata,
                               AuthorizationServerMetadata authorizationServer) {

    public DiscoveredServer {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(resourceMetadata, "resourceMetadata");
        Objects.requireNonNull(authorizationServer, "authorizationServer");
    }

    /**
     * The resource identifier exactly as the protected-resource metadata publishes it: what the
     * authorization, token and refresh requests send (RFC 8707; a path-less origin keeps no "/").
     * Discovery has already checked that it names this server.
     */
    public String publishedResource() {
        return resourceMetadata.resource();
    }
}
