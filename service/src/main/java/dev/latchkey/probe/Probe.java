package dev.latchkey.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.discovery.Challenge;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole authorization flow against one MCP server, the way an assistant meets it: MCP
 * requests without a token until the server refuses, an authorization through a throw-away
 * Latchkey's REST API, then {@code initialize}, {@code tools/list} and {@code tools/call} with the
 * token, stepping up (at most {@value Authorizer#MAX_ATTEMPTS} authorizations in all) when the
 * server answers 403 insufficient_scope.
 */
public final class Probe {

    static final String DEFAULT_TOOL = "test-tool";

    private final ProbeOptions options;
    private final ProbeReport report;
    private final InProcessLatchkey latchkey;

    public Probe(ProbeOptions options, ProbeReport report, InProcessLatchkey latchkey) {
        this.options = options;
        this.latchkey = latchkey;
        this.report = report;
        options.preRegistered().flatMap(ProbeOptions.Credentials::clientSecret).ifPresent(report::secret);
    }

    /** Runs the probe and returns its exit status: 0 only if every step worked. */
    public int run() {
        report.info("probing " + options.mcpUrl() + " for subject '" + options.subject() + "'"
                + (options.legacy() ? " (legacy 2025-03-26 discovery allowed)" : ""));
        try {
            Optional<String> challenge = firstChallenge();
            if (challenge.isPresent()) {
                try (ProbeInstance instance = startInstance()) {
                    Authorizer authorizer = new Authorizer(new LatchkeyApi(instance.baseUrl(), instance.apiKey()),
                            instance.baseUrl(), options, report);
                    new AuthorizedSession(authorizer, authorizer.authorize(challenge.get())).exercise();
                }
            }
        } catch (ProbeFailure failure) {
            report.fail(failure.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.fail("interrupted");
        } catch (Exception e) {
            report.fail("unexpected error: " + e);
        }
        return report.finish();
    }

    private ProbeInstance startInstance() throws Exception {
        ProbeInstance instance = ProbeInstance.start(options, latchkey);
        report.secret(instance.apiKey());
        report.ok("started an in-process Latchkey at " + instance.baseUrl() + " (H2 and keyring in " + instance.dir()
                + ", development mode" + options.preRegistered().map(c -> ", pre-registered client " + c.clientId()
                + " (" + c.authMethod() + ")").orElse("") + options.clientMetadataUrl().map(u -> ", client metadata "
                + "document " + u).orElse("") + ") and an API key for tenant 'probe'");
        return instance;
    }

    /** MCP requests without a token until one is refused; empty (a failure) when none is. */
    private Optional<String> firstChallenge() throws IOException, InterruptedException {
        McpHttpClient anonymous = new McpHttpClient(options.mcpUrl());
        McpHttpClient.Reply init = anonymous.initialize(Optional.empty());
        if (init.unauthorized()) {
            return Optional.of(challenge("initialize", init));
        }
        require("initialize without a token", init);
        report.ok("initialize without a token → " + init.status() + " (the server lets it through)");
        McpHttpClient.Reply list = anonymous.listTools(Optional.empty());
        if (list.unauthorized()) {
            return Optional.of(challenge("tools/list", list));
        }
        require("tools/list without a token", list);
        String tool = chooseTool(list);
        McpHttpClient.Reply call = anonymous.callTool(tool, options.toolArguments(), Optional.empty());
        if (call.unauthorized()) {
            return Optional.of(challenge("tools/call " + tool, call));
        }
        report.fail("the server answered initialize, tools/list and tools/call " + tool
                + " without a token: it never asked for authorization");
        return Optional.empty();
    }

    private String challenge(String what, McpHttpClient.Reply reply) {
        String header = reply.wwwAuthenticate().orElse("");
        report.ok(what + " without a token → " + reply.status() + (header.isEmpty()
                ? " without a WWW-Authenticate challenge" : "; challenge: " + header));
        return header;
    }

    String chooseTool(McpHttpClient.Reply list) {
        List<String> names = toolNames(list);
        if (options.tool().isPresent()) {
            if (!names.contains(options.tool().get())) {
                throw new ProbeFailure("tools/list does not list the tool " + options.tool().get() + " (listed: "
                        + String.join(", ", names) + ")");
            }
            return options.tool().get();
        }
        if (names.isEmpty()) {
            throw new ProbeFailure("tools/list lists no tools; nothing to call");
        }
        return names.contains(DEFAULT_TOOL) ? DEFAULT_TOOL : names.get(0);
    }

    static List<String> toolNames(McpHttpClient.Reply list) {
        List<String> names = new ArrayList<>();
        list.message().ifPresent(m -> m.path("result").path("tools").forEach(t -> names.add(t.path("name").asText())));
        return names;
    }

    static void require(String what, McpHttpClient.Reply reply) {
        if (!reply.ok()) {
            throw new ProbeFailure(what + " → " + describe(reply));
        }
    }

    static String describe(McpHttpClient.Reply reply) {
        Optional<JsonNode> error = reply.message().map(m -> m.path("error")).filter(e -> !e.isMissingNode());
        return reply.status() + error.map(e -> " JSON-RPC error " + e.path("code").asText() + ": "
                + e.path("message").asText()).orElse("") + reply.wwwAuthenticate().map(h -> "; challenge: " + h).orElse("");
    }

    /** The MCP session with a token: initialize, tools/list, tools/call, stepping up when told to. */
    private final class AuthorizedSession {

        private final Authorizer authorizer;
        private final McpHttpClient client = new McpHttpClient(options.mcpUrl());
        private String token;

        AuthorizedSession(Authorizer authorizer, String token) {
            this.authorizer = authorizer;
            this.token = token;
        }

        void exercise() throws IOException, InterruptedException {
            McpHttpClient.Reply init = send("initialize", () -> client.initialize(Optional.of(token)));
            JsonNode result = init.message().map(m -> m.path("result")).orElseThrow();
            report.ok("initialize with the token → " + init.status() + "; protocol "
                    + result.path("protocolVersion").asText("?") + ", server "
                    + result.path("serverInfo").path("name").asText("?"));
            McpHttpClient.Reply list = send("tools/list", () -> client.listTools(Optional.of(token)));
            String tool = chooseTool(list);
            report.ok("tools/list → " + String.join(", ", toolNames(list)));
            McpHttpClient.Reply call = send("tools/call " + tool,
                    () -> client.callTool(tool, options.toolArguments(), Optional.of(token)));
            JsonNode callResult = call.message().map(m -> m.path("result")).orElseThrow();
            if (callResult.path("isError").asBoolean(false)) {
                throw new ProbeFailure("tools/call " + tool + " → the tool reported an error: "
                        + callResult.path("content").path(0).path("text").asText(""));
            }
            report.ok("tools/call " + tool + " → " + call.status() + ", result without error");
        }

        /** Sends with the current token; on 403 insufficient_scope authorizes again (bounded) and retries. */
        private McpHttpClient.Reply send(String what, McpCall call) throws IOException, InterruptedException {
            while (true) {
                McpHttpClient.Reply reply = call.send();
                String header = reply.wwwAuthenticate().orElse("");
                if (reply.status() == 403 && Challenge.parse(header).isInsufficientScope()) {
                    if (!authorizer.mayRetry()) {
                        throw new ProbeFailure(what + " → 403 insufficient_scope after " + authorizer.attempts()
                                + " authorizations; giving up (challenge: " + header + ")");
                    }
                    report.info(what + " → 403 insufficient_scope; stepping up (challenge: " + header + ")");
                    token = authorizer.authorize(header);
                    continue;
                }
                require(what + " with the token", reply);
                return reply;
            }
        }
    }

    @FunctionalInterface
    private interface McpCall {
        McpHttpClient.Reply send() throws IOException, InterruptedException;
    }
}
