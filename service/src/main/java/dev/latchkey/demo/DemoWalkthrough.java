package dev.latchkey.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.console.Operators;
import dev.latchkey.probe.LatchkeyApi;
import dev.latchkey.probe.McpHttpClient;
import dev.latchkey.store.Database;
import dev.latchkey.store.Ids;
import io.dropwizard.db.DataSourceFactory;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo does once Latchkey listens, as an assistant would: it is refused by the demo MCP
 * server (401), asks Latchkey for a flow and prints the link; once the person has signed in, it gets
 * the access token from Latchkey and calls the demo server's tool with it. It also makes the API key
 * it uses and a console operator to watch with, and prints both once.
 */
final class DemoWalkthrough {

    static final String TENANT = "demo";
    static final String SUBJECT = "demo-user";
    static final String OPERATOR = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoWalkthrough.class);

    private final LatchkeyConfiguration config;
    private final DemoPeer peer;
    private final PrintStream out;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-walkthrough");
        t.setDaemon(true);
        return t;
    });

    DemoWalkthrough(LatchkeyConfiguration config, DemoPeer peer, PrintStream out) {
        this.config = config;
        this.peer = peer;
        this.out = out;
    }

    void startInBackground() {
        thread.submit(() -> {
            try {
                walk();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("the demo walkthrough stopped: {}", e.toString());
            }
        });
    }

    void stop() {
        thread.shutdownNow();
    }

    private void walk() throws Exception {
        String password = Ids.randomBase32(20);
        String apiKey = makeKeyAndOperator(password);
        URI base = URI.create(config.getPublicBaseUrl().toString().replaceAll("/+$", "") + "/");
        LatchkeyApi api = new LatchkeyApi(base, apiKey);
        McpHttpClient.Reply refused = new McpHttpClient(peer.mcpUrl()).initialize(Optional.empty());
        LatchkeyApi.Answer flow = api.startFlow(peer.mcpUrl(), SUBJECT, refused.wwwAuthenticate().orElse(""));
        if (!flow.ok()) {
            out.println("The demo could not start a flow: " + flow.problem());
            return;
        }
        out.println(String.join(System.lineSeparator(), "",
                "=== Latchkey demo (development only: data in ./" + DemoCommand.DATA + ", a demo MCP server and a",
                "    demo authorization server on " + peer.origin() + ", not real identity providers) ===",
                "",
                "1. An assistant was refused by the demo MCP server (401) and asked Latchkey for help.",
                "   Open this link in a browser and sign in on the demo page:",
                "",
                "       " + flow.text("authorizationUrl"),
                "",
                "2. Watch it in the admin console: " + base + "console",
                "   operator: " + OPERATOR + "   password: " + password,
                "   The assistant's API key (tenant " + TENANT + "): " + apiKey,
                ""));
        awaitAuthorization(api, flow.text("id"));
    }

    private void awaitAuthorization(LatchkeyApi api, String flowId) throws Exception {
        long until = System.nanoTime() + config.getFlows().getStateTtl().toJavaDuration().toNanos();
        while (System.nanoTime() < until) {
            LatchkeyApi.Answer flow = api.flow(flowId);
            String status = flow.text("status");
            if ("authorized".equals(status)) {
                callTheTool(api, flow.text("connectionId"));
                return;
            }
            if (!"pending".equals(status)) {
                out.println("The demo flow ended as " + status + ": " + flow.text("errorDescription")
                        + " Run the demo again for a new link.");
                return;
            }
            Thread.sleep(Duration.ofSeconds(1).toMillis());
        }
        out.println("The demo link expired. Run the demo again for a new one.");
    }

    private void callTheTool(LatchkeyApi api, String connectionId) throws Exception {
        LatchkeyApi.Answer token = api.token(connectionId);
        if (!token.ok()) {
            out.println("Authorized, but Latchkey gave no token: " + token.problem());
            return;
        }
        McpHttpClient mcp = new McpHttpClient(peer.mcpUrl());
        Optional<String> bearer = Optional.of(token.text("accessToken"));
        mcp.initialize(bearer);
        McpHttpClient.Reply called = mcp.callTool("whoami", JsonNodeFactory.instance.objectNode(), bearer);
        String answer = called.message().map(m -> m.path("result").path("content").path(0).path("text").asText(""))
                .orElse("(no answer)");
        out.println(String.join(System.lineSeparator(),
                "3. Authorized: connection " + connectionId + " of " + SUBJECT + " to the demo MCP server.",
                "   A tool call made with its access token (fetched from Latchkey, never shown):",
                "       whoami -> " + answer,
                "   The connection is listed in the console under Connections. Stop the demo with Ctrl-C.",
                ""));
    }

    /** An API key for the assistant's tenant and a console operator with {@code password}; the key. */
    private String makeKeyAndOperator(String password) throws Exception {
        DataSourceFactory database = new DataSourceFactory();
        database.setUrl(config.getDatabase().getUrl());
        database.setUser(config.getDatabase().getUser());
        database.setPassword(config.getDatabase().getPassword());
        database.setDriverClass(config.getDatabase().getDriverClass());
        try (Database.Standalone db = Database.openStandalone(database)) {
            Clock clock = Clock.systemUTC();
            Operators operators = new Operators(List.of(), db.jdbi(), clock);
            operators.remove(OPERATOR);
            operators.add(OPERATOR, password.toCharArray());
            return new ApiKeys(db.jdbi(), clock).create(TENANT, Optional.of("demo")).secret();
        }
    }
}
