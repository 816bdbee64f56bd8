package dev.latchkey.demo;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The demo's MCP server and its authorization server, on 127.0.0.1 and a port of their own, in the
 * same JVM as Latchkey: something real to connect to without setting anything up. Demo only.
 */
final class DemoPeer implements AutoCloseable {

    private final Server server;
    private final DemoMcpServer mcp;
    private final URI origin;

    private DemoPeer(Server server, DemoMcpServer mcp, URI origin) {
        this.server = server;
        this.mcp = mcp;
        this.origin = origin;
    }

    static DemoPeer start(Clock clock) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("demo-peer");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open(); // the port is known before the metadata that names it
        URI origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());

        DemoGrants grants = new DemoGrants(clock);
        DemoAuthorizationServer authorizationServer = new DemoAuthorizationServer(origin, grants);
        DemoMcpServer mcp = new DemoMcpServer(origin, grants);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder oauth = new ServletHolder("demo-authorization-server", authorizationServer);
        for (String path : new String[] {"/.well-known/oauth-authorization-server", "/authorize", "/token",
                "/register", "/revoke"}) {
            context.addServlet(oauth, path);
        }
        context.addServlet(new ServletHolder("demo-resource-metadata", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                json(response, 200, mcp.resourceMetadata());
            }
        }), "/.well-known/oauth-protected-resource/mcp");
        ServletHolder mcpServlet = new ServletHolder("demo-mcp", mcp.servlet());
        mcpServlet.setAsyncSupported(true);
        context.addServlet(mcpServlet, DemoMcpServer.PATH);
        FilterHolder bearer = new FilterHolder(mcp);
        bearer.setAsyncSupported(true);
        context.addFilter(bearer, DemoMcpServer.PATH, EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        return new DemoPeer(server, mcp, origin);
    }

    /** The demo MCP server's URL: what an assistant would have been refused at. */
    URI mcpUrl() {
        return mcp.url();
    }

    URI origin() {
        return origin;
    }

    static void json(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        mcp.close();
        server.stop();
    }
}
