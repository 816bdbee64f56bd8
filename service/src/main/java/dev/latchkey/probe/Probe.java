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
 * Latchkey's REST API, then {@code initialize} (or, with a 2026-07-28 server, {@code server/discover}),
 * {@code tools/list} and {@code tools/call} with the token, authorizing again (at most
 * {@value Authorizer#MAX_ATTEMPTS} authorizations in all) when the server answers 403
 * insufficient_scope or refuses the token with 401.
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
        options.machineClient().flatMap(MachineClient::clientSecret).ifPresent(report::secret);
    }

    /** Runs the probe and returns its exit status: 0 only if every step worked. */
    public int run() {
        report.info("probing " + options.mcpUrl() + " for subject '" + options.subject() + "'"
                + (options.legacy() ? " (legacy 2025-03-26 discovery allowed)" : ""));
        try {
            McpHttpClient anonymous = new McpHttpClient(options.mcpUrl());
            Optional<String> challenge = firstChallenge(anonymous);
            if (challenge.isPresent()) {
                try (ProbeInstance instance = startInstance()) {
                    Access access = access(instance);
                    new AuthorizedSession(access, anonymous.again(), access.authorize(challenge.get())).exercise();
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

    /** A machine client gets its token by the client-credentials grant; anyone else through a user's flow. */
    private Access access(ProbeInstance instance) {
        LatchkeyApi api = new LatchkeyApi(instance.baseUrl(), instance.apiKey());
        return options.machineClient().<Access>map(client -> new ClientCredentialsAccess(api, client,
                options.mcpUrl(), report)).orElseGet(() -> new Authorizer(api, instance.baseUrl(), options, report));
    }

    private ProbeInstance startInstance() throws Exception {
        ProbeInstance instance = ProbeInstance.start(options, latchkey);
        report.secret(instance.apiKey());
        report.ok("started an in-process Latchkey at " + instance.baseUrl() + " (H2 and keyring in " + instance.dir()
                + ", development mode" + options.preRegistered().map(c -> ", pre-registered client " + c.clientId()
                + " (" + c.authMethod() + ")").orElse("") + options.machineClient().map(c -> ", client-credentials "
                + "client " + c.clientId() + " (" + c.authMethod() + ")").orElse("") + options.clientMetadataUrl()
                .map(u -> ", client metadata document " + u).orElse("") + ") and an API key for tenant '"
                + ProbeInstance.TENANT + "'");
        return instance;
    }

    /** MCP requests without a token until one is refused; empty (a failure) when none is. */
    private Optional<String> firstChallenge(McpHttpClient anonymous) throws IOException, InterruptedException {
        McpHttpClient.Reply init = anonymous.open(Optional.empty());
        String opening = opening(anonymous);
        if (init.unauthorized()) {
            return Optional.of(challenge(opening, init));
        }
        require(opening + " without a token", init);
        report.ok(opening + " without a token → " + init.status() + " (the server lets it through)");
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

    /** What opened the conversation; a 2026-07-28 server is named as such, having answered initialize with 400. */
    private static String opening(McpHttpClient client) {
        return client.generation() == McpHttpClient.Generation.STATELESS
                ? "initialize → 400; as 2026-07-28 (stateless): server/discover" : "initialize";
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

        private final Access access;
        private McpHttpClient client;
        private String token;

        AuthorizedSession(Access access, McpHttpClient client, Access.Grant grant) {
            this.access = access;
            this.client = client;
            use(grant);
        }

        /** The gateway is a server of its own: a new conversation when the grant moves there (or back). */
        private void use(Access.Grant grant) {
            if (!grant.endpoint().equals(client.endpoint())) {
                client = new McpHttpClient(grant.endpoint());
            }
            token = grant.token();
        }

        void exercise() throws IOException, InterruptedException {
            McpHttpClient.Reply init = send("open", () -> client.open(Optional.of(token)));
            JsonNode result = init.message().map(m -> m.path("result")).orElseThrow();
            boolean stateless = client.generation() == McpHttpClient.Generation.STATELESS;
            JsonNode serverInfo = stateless ? result.path("_meta").path("io.modelcontextprotocol/serverInfo")
                    : result.path("serverInfo");
            report.ok(opening(client) + " with the token → " + init.status() + "; protocol "
                    + (stateless ? McpHttpClient.STATELESS_VERSION : result.path("protocolVersion").asText("?"))
                    + ", server " + serverInfo.path("name").asText("?"));
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

        /**
         * Sends with the current token and retries after a new authorization (bounded) when the server
         * answers 403 insufficient_scope (a step-up) or 401 (the token is refused: it may come from an
         * authorization server the server no longer names, SEP-2352 — Latchkey reads the metadata again).
         */
        private McpHttpClient.Reply send(String what, McpCall call) throws IOException, InterruptedException {
            while (true) {
                McpHttpClient.Reply reply = call.send();
                String header = reply.wwwAuthenticate().orElse("");
                boolean stepUp = reply.status() == 403 && Challenge.parse(header).isInsufficientScope();
                if (stepUp || reply.status() == 401) {
                    String refusal = stepUp ? "403 insufficient_scope" : "401: the token is refused";
                    if (!access.mayRetry()) {
                        throw new ProbeFailure(what + " → " + refusal + " after " + access.attempts()
                                + " authorizations; giving up (challenge: " + header + ")");
                    }
                    report.info(what + " → " + refusal + (stepUp ? "; stepping up" : "; authorizing again")
                            + " (challenge: " + header + ")");
                    use(access.authorize(header));
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
