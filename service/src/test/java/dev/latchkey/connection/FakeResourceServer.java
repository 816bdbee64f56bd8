package dev.latchkey.connection;

import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Reply;

/**
 * An MCP server's protected-resource metadata (RFC 9728) on 127.0.0.1, naming an authorization
 * server the test can switch; never cacheable unless told, and naming the server URL as its
 * resource unless told to spell it otherwise.
 */
final class FakeResourceServer implements AutoCloseable {

    private final LoopbackHttpServer http = new LoopbackHttpServer();
    private volatile String issuer;
    private volatile String published;
    private volatile String cacheControl = "no-store";

    FakeResourceServer(String issuer) {
        this.issuer = issuer;
        http.route("/.well-known/oauth-protected-resource/mcp", r -> Reply.json(200, "{\"resource\":\""
                + (published == null ? serverUrl() : published) + "\",\"authorization_servers\":[\""
                + this.issuer + "\"]," + "\"scopes_supported\":[\"mcp:tools\"]}")
                .withHeader("Cache-Control", cacheControl));
    }

    /** From now on the metadata names the resource so (null: the server URL). */
    void publishedResource(String resource) {
        this.published = resource;
    }

    /** From now on the metadata may be cached for an hour ({@code false}: never). */
    void cacheable(boolean cacheable) {
        this.cacheControl = cacheable ? "max-age=3600" : "no-store";
    }

    String serverUrl() {
        return http.origin() + "/mcp";
    }

    String metadataUrl() {
        return http.origin() + "/.well-known/oauth-protected-resource/mcp";
    }

    /** From now on the metadata names this authorization server. */
    void authorizationServer(String issuer) {
        this.issuer = issuer;
    }

    @Override
    public void close() {
        http.close();
    }
}
