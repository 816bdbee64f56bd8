package dev.latchkey.discovery;

import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import java.net.URI;
import java.util.Objects;

/** What discovery learned about an MCP server: its canonical resource and its authorization server. */
public record DiscoveredServer(URI serverUrl, String resource, ProtectedResourceMetadata resourceMetadata,
                               AuthorizationServerMetadata authorizationServer) {

    public DiscoveredServer {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(resourceMetadata, "resourceMetadata");
        Objects.requireNonNull(authorizationServer, "authorizationServer");
    }
}
