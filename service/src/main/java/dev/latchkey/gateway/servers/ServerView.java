package dev.latchkey.gateway.servers;

import java.time.Instant;

/** A registered upstream server as the API shows it; {@code gatewayUrl} is where MCP clients will reach it. */
public record ServerView(String id, String name, String url, String slug, String gatewayUrl, String createdAt) {

    static ServerView of(UpstreamServer server, String gatewayUrl) {
        return new ServerView(server.id(), server.name(), server.url(), server.slug(), gatewayUrl,
                Instant.ofEpochMilli(server.createdAt()).toString());
    }
}
