package dev.latchkey.connection;

import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Reply;

/**
 * An MCP server's protected-resource metadata (RFC 9728) on 127.0.0.1, never cacheable, naming an
 * authorization server the test can switch.
 */
final class FakeResourceServer implements AutoCloseable {

    private final LoopbackHttpServer http = new LoopbackHttpServer();
    private volatile String issuer;

    FakeResourceServer(String issuer) {
        this.issuer = issuer;
        http.route("/.well-known/oauth-protected-resource/mcp", r -> Reply.json(200, "{\"resource\":\""
                + serverUrl() + "\",\"authorization_servers\":[\"" + this.issuer + "\"],"
                + "\"scopes_supported\":[\"mcp:tools\"]}").withHeader("Cache-Control", "no-store"));
    }

    String serverUrl() {
        return http.origin() + "/mcp";
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
