package dev.latchkey.bench.cold;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.bench.Api;
import dev.latchkey.bench.LatchkeyProcess;
import dev.latchkey.bench.NodePeer;
import dev.latchkey.bench.Report;
import dev.latchkey.probe.McpHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cold flow, from an MCP server's 401 to an authorization URL: Latchkey ({@code POST /v1/flows}
 * on a freshly started process, then on new servers it has never seen) against the MCP TypeScript
 * SDK's {@code auth()}, both through one {@link DelayProxy} per server that adds the same latency
 * to every request and counts them.
 *
 * <p>{@code ColdMain <repo> <results dir> [trials] [delay ms] [Latchkey JVM args…]}
 */
public final class ColdMain {

    private ColdMain() {
    }

    /** One client's cold flow: time and the requests it made. */
    record Trial(double millis, List<String> requests, String steps) {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]).toAbsolutePath();
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Duration delay = Duration.ofMillis(args.length > 3 ? Integer.parseInt(args[3]) : 50);
        List<String> jvmArgs = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        Path dir = Files.createTempDirectory("latchkey-cold");
        int port = LatchkeyProcess.freePort();
        Map<String, String> env = LatchkeyProcess.environment(dir, port, null);
        String apiKey = LatchkeyProcess.createApiKey(repo, dir, env, "bench");
        List<Trial> latchkey = new ArrayList<>();
        List<Trial> sdk = new ArrayList<>();
        List<Integer> warm = new ArrayList<>();
        try (LatchkeyProcess process = LatchkeyProcess.start(repo, dir, port, env, jvmArgs)) {
            HttpClient caller = HttpClient.newHttpClient();
            Api api = new Api(caller, process.baseUrl(), apiKey);
            for (int i = 0; i < trials; i++) {
                try (NodePeer peer = NodePeer.start(repo, "mcp-sdk-peer.mjs"); DelayProxy proxy = new DelayProxy(peer.port(), delay)) {
                    String mcpUrl = proxy.origin() + URI.create(peer.field("mcpUrl")).getPath();
                    String challenge = challenge(mcpUrl);
                    if (i == 0) {
                        warmUp(caller, peer.field("mcpUrl"));
                    }
                    primePeer(caller, mcpUrl);
                    proxy.reset();
                    if (i % 2 == 1) {
                        sdk.add(sdk(repo, proxy, mcpUrl, challenge));
                    }
                    latchkey.add(latchkey(api, proxy, mcpUrl, challenge, "cold-" + i));
                    proxy.reset();
                    api.send(api.post("/v1/flows", Api.startFlowBody(mcpUrl, "warm-" + i, challenge)), 201);
                    warm.add(proxy.requests().size());
                    if (i % 2 == 0) {
                        sdk.add(sdk(repo, proxy, mcpUrl, challenge));
                    }
                }
            }
        }
        report(latchkey, sdk, warm, delay).write(Path.of(args[1]), "cold");
    }

    /**
     * One POST from the caller's client straight to the peer (not through the proxy, not to
     * Latchkey), so that trial 1 does not time this JVM loading its own HTTP client: an assistant
     * calls Latchkey with a warm one. Latchkey itself stays untouched until trial 1.
     */
    private static void warmUp(HttpClient caller, String peerMcpUrl) throws IOException, InterruptedException {
        caller.send(HttpRequest.newBuilder(URI.create(peerMcpUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Before either client runs: the new peer's metadata and registration endpoints answered once,
     * through the proxy, by this harness's own client. Neither client is then timed while a fresh
     * Node process, or this JVM's proxy code, runs its handlers for the first time — which fell on
     * whichever client went first, and in trial 1 that was always Latchkey.
     */
    private static void primePeer(HttpClient caller, String mcpUrl) throws IOException, InterruptedException {
        URI mcp = URI.create(mcpUrl);
        JsonNode resource = send(caller, HttpRequest.newBuilder(mcp.resolve("/.well-known/oauth-protected-resource"
                + mcp.getPath())).build());
        URI issuer = URI.create(resource.get("authorization_servers").get(0).asText());
        JsonNode server = send(caller, HttpRequest.newBuilder(issuer.resolve("/.well-known/oauth-authorization-server"
                + issuer.getPath().replaceAll("/$", ""))).build());
        send(caller, HttpRequest.newBuilder(URI.create(server.get("registration_endpoint").asText()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"cold-run harness\","
                        + "\"redirect_uris\":[\"http://127.0.0.1:9/callback\"],\"token_endpoint_auth_method\":\"none\"}"))
                .build());
    }

    private static JsonNode send(HttpClient caller, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = caller.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
        return Api.JSON.readTree(response.body());
    }

    private static String challenge(String mcpUrl) throws IOException, InterruptedException {
        McpHttpClient.Reply reply = new McpHttpClient(URI.create(mcpUrl)).initialize(Optional.empty());
        return reply.wwwAuthenticate().orElseThrow(() -> new IllegalStateException("no 401 challenge from " + mcpUrl));
    }

    private static Trial latchkey(Api api, DelayProxy proxy, String mcpUrl, String challenge, String subject)
            throws IOException, InterruptedException {
        proxy.reset();
        // Built before the clock starts: the caller's first JSON serialisation took 7-9 ms of trial 1.
        HttpRequest call = api.post("/v1/flows", Api.startFlowBody(mcpUrl, subject, challenge));
        long start = System.nanoTime();
        JsonNode flow = api.send(call, 201);
        double millis = (System.nanoTime() - start) / 1e6;
        if (!flow.hasNonNull("authorizationUrl")) {
            throw new IllegalStateException("no authorization URL");
        }
        List<String> requests = requestsSince(proxy, start);
        JsonNode timeline = api.send(api.get("/v1/flows/" + flow.get("id").asText()), 200).get("timeline");
        List<String> steps = new ArrayList<>();
        timeline.forEach(step -> steps.add(step.get("step").asText() + " " + step.get("durationMs").asLong()));
        return new Trial(millis, requests, String.join(", ", steps));
    }

    private static Trial sdk(Path repo, DelayProxy proxy, String mcpUrl, String challenge)
            throws IOException, InterruptedException {
        proxy.reset();
        long start = System.nanoTime();
        Process node = new ProcessBuilder("node", repo.resolve("src/peers/sdk-auth-client.mjs").toString(),
                "--server-url", mcpUrl, "--www-authenticate", challenge)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (node.waitFor() != 0) {
            throw new IllegalStateException("the SDK client failed: " + out);
        }
        List<String> requests = requestsSince(proxy, start);
        return new Trial(Api.JSON.readTree(out).get("ms").asDouble(), requests, "");
    }

    /** What the proxy saw, each request with its arrival from {@code start} and the peer's own time. */
    private static List<String> requestsSince(DelayProxy proxy, long start) {
        List<String> requests = new ArrayList<>();
        List<Long> arrivals = proxy.arrivals();
        List<Long> upstream = proxy.upstreamNanos();
        for (int i = 0; i < arrivals.size(); i++) {
            requests.add(proxy.requests().get(i) + " @" + (arrivals.get(i) - start) / 1_000_000 + " ms (peer "
                    + upstream.get(i) / 1_000_000 + " ms)");
        }
        return requests;
    }

    private static Report report(List<Trial> latchkey, List<Trial> sdk, List<Integer> warm, Duration delay) {
        Report report = new Report("Cold flow: a 401 to an authorization URL, Latchkey beside the MCP SDK's auth()");
        report.line("Each trial: a new MCP SDK peer (its own authorization server) behind a new loopback proxy that adds "
                + delay.toMillis() + " ms to every request and counts them; both clients are pointed at the proxy. "
                + "Latchkey: one process started fresh for the run (trial 1 is its very first request: cold JVM and "
                + "empty caches; later trials: warm JVM, caches empty for the new server), timed around POST /v1/flows "
                + "by its caller (the request and its JSON body built before the clock starts). SDK: `auth()` "
                + "timed inside a fresh Node process (module loading excluded). Before "
                + "either client runs, the harness's own client calls the new peer's metadata and registration "
                + "endpoints once through the proxy (the requests are not counted), so that neither is timed against "
                + "a peer answering for the first time.");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < latchkey.size(); i++) {
            rows.add(List.of(String.valueOf(i + 1), Report.fixed(latchkey.get(i).millis(), 0),
                    String.valueOf(latchkey.get(i).requests().size()), Report.fixed(sdk.get(i).millis(), 0),
                    String.valueOf(sdk.get(i).requests().size()), String.valueOf(warm.get(i)),
                    latchkey.get(i).steps()));
        }
        report.table(List.of("trial", "Latchkey ms", "Latchkey requests", "SDK auth() ms", "SDK requests",
                "Latchkey warm flow requests", "Latchkey timeline (step ms)"), rows);
        if (latchkey.size() > 1) {
            report.line("Median over trials 2–" + latchkey.size() + ": Latchkey " + Report.fixed(median(
                    latchkey.subList(1, latchkey.size())), 0) + " ms, SDK " + Report.fixed(median(sdk.subList(1,
                    sdk.size())), 0) + " ms.");
        }
        report.line("");
        report.line("Requests as the proxy saw them arrive, from the start of the call (the SDK's from the Node "
                + "process's start, module loading included), each with the peer's own time beyond the added delay "
                + "(its answer and the proxy's forwarding):");
        report.line("");
        for (int i = 0; i < latchkey.size(); i++) {
            report.line("- trial " + (i + 1) + ": Latchkey " + latchkey.get(i).requests() + "; SDK " + sdk.get(i).requests());
        }
        return report;
    }

    private static double median(List<Trial> trials) {
        List<Double> sorted = trials.stream().map(Trial::millis).sorted().toList();
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }
}
