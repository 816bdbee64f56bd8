package dev.latchkey.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.bench.Api;
import dev.latchkey.bench.LatchkeyProcess;
import dev.latchkey.bench.NodePeer;
import dev.latchkey.bench.RealFlow;
import dev.latchkey.bench.Report;
import dev.latchkey.bench.load.LoadGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The MCP gateway against the same MCP server reached directly, in one run: {@code tools/call} (answered
 * as an SSE stream by the official SDK's server) with Latchkey's upstream token straight to the server,
 * and with a gateway token through {@code /mcp/{slug}} in a gateway session. Throughput at full speed,
 * added latency one request at a time, the delay of the first SSE event, and calls beside many idle
 * event streams held open on the gateway.
 *
 * <p>{@code GatewayMain <repo> <results dir> [seconds per phase] [concurrency] [idle streams] [jvm args…]}
 */
public final class GatewayMain {

    private static final String DIRECT = "tools/call direct";
    private static final String GATEWAY = "tools/call through the gateway";
    private static final Duration SLICE = Duration.ofSeconds(3);
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"echo\",\"arguments\":{\"text\":\"benchmark\"}}}";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
    private static final int FIRST_EVENT_SAMPLES = 400;

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]).toAbsolutePath();
        Path results = Path.of(args[1]);
        Duration phase = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 30);
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int idleStreams = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        List<String> jvmArgs = args.length > 5 ? Arrays.asList(args).subList(5, args.length) : List.of();

        Path dir = Files.createTempDirectory("latchkey-gateway");
        int port = LatchkeyProcess.freePort();
        Map<String, String> env = LatchkeyProcess.environment(dir, port, null);
        String apiKey = LatchkeyProcess.createApiKey(repo, dir, env, "bench");
        Report report = new Report("Gateway: tools/call through /mcp/{slug} beside the same call made directly");
        try (NodePeer peer = NodePeer.start(repo, "mcp-sdk-peer.mjs");
             NodePeer statefulPeer = NodePeer.start(repo, "mcp-sdk-peer.mjs", "--stateful");
             LatchkeyProcess latchkey = LatchkeyProcess.start(repo, dir, port, env, jvmArgs)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Api api = new Api(http, latchkey.baseUrl(), apiKey);
            String mcpUrl = peer.field("mcpUrl");
            String connectionId = RealFlow.connect(api, mcpUrl, "gateway-bench");
            String upstreamToken = api.send(api.post("/v1/connections/" + connectionId + "/token", ""), 200)
                    .get("accessToken").asText();
            String gatewayUrl = register(api, mcpUrl, "SDK peer");
            String gatewayToken = api.send(api.post("/v1/gateway-tokens", "{\"subject\":\"gateway-bench\"}"), 201)
                    .get("token").asText();
            String session = initialize(http, gatewayUrl, gatewayToken);
            RealFlow.connect(api, statefulPeer.field("mcpUrl"), "gateway-bench");
            String statefulGatewayUrl = register(api, statefulPeer.field("mcpUrl"), "Stateful SDK peer");

            report.line("Latchkey: the real `service/target/latchkey.jar`, `-Xmx256m`"
                    + (jvmArgs.isEmpty() ? "" : " " + String.join(" ", jvmArgs)) + ", real config.yml on the embedded "
                    + "H2 database. Upstream: the official MCP TypeScript SDK's stateless Streamable HTTP server "
                    + "(`src/peers/mcp-sdk-peer.mjs`, one Node process) answering `tools/call` `echo` as an SSE stream. "
                    + "Direct: POST to the server with the subject's upstream access token. Gateway: POST to "
                    + "`/mcp/{slug}` with a gateway token and the `Mcp-Session-Id` of a gateway session (one session "
                    + "lookup, one token read and decryption, one upstream exchange per call). Clients: java.net.http, "
                    + "HTTP/1.1 keep-alive, in a separate JVM on the same " + Runtime.getRuntime().availableProcessors()
                    + " cores as both servers.");
            report.line("");

            Map<String, LongFunction<HttpRequest>> scenarios = new LinkedHashMap<>();
            scenarios.put(DIRECT, n -> call(mcpUrl, upstreamToken, null));
            scenarios.put(GATEWAY, n -> call(gatewayUrl, gatewayToken, session));

            LoadGenerator load = new LoadGenerator(http, concurrency);
            CpuSplit cpu = new CpuSplit(latchkey.pid(), peer.pid());
            interleaved(scenarios, load, Duration.ofSeconds(30), Map.of(), CpuSplit.NONE);
            Map<String, LoadGenerator.Result> max = interleaved(scenarios, load, phase, Map.of(), cpu);
            LoadGenerator single = new LoadGenerator(http, 1);
            Map<String, LoadGenerator.Result> one = interleaved(scenarios, single, phase, Map.of(), CpuSplit.NONE);
            throughputTable(max, one, concurrency, report);
            cpuTable(max, cpu, report);

            firstEvents(http, mcpUrl, upstreamToken, gatewayUrl, gatewayToken, session, report);
            double besideRate = Double.parseDouble(System.getenv().getOrDefault("GATEWAY_BESIDE_RATE", "100"));
            report.line("### Idle event streams");
            report.line("");
            report.line("Gateway sessions opened one after another (an initialize each, passed upstream: the subject "
                    + "is connected) and their GET event streams held open and idle; then `tools/call` through the "
                    + "gateway paced at " + (int) besideRate + " req/s beside them (target: p99 < 20 ms), and the "
                    + "same calls just before, without the streams. Heap and threads from the server's admin "
                    + "metrics.");
            report.line("");
            idleStreams(http, gatewayUrl, gatewayUrl, gatewayToken, session, idleStreams, besideRate, load, phase,
                    env.get("LATCHKEY_ADMIN_PORT"), "The stateless SDK server has no event stream of its own (its GET "
                            + "is 405): each stream is the gateway's own, held without a thread (servlet async).",
                    report);
            idleStreams(http, statefulGatewayUrl, gatewayUrl, gatewayToken, session, idleStreams, besideRate, load, phase,
                    env.get("LATCHKEY_ADMIN_PORT"), "The stateful SDK server (`--stateful`) has an event stream per "
                            + "session: each GET is passed through to it, and holds one of Jetty's request threads "
                            + "while it is open. The calls beside them go to the stateless server as above.",
                    report);

            report.line("Server after the run: " + (latchkey.alive() ? "alive" : "EXITED") + ", error lines in its log: "
                    + latchkey.errorLines().size() + (latchkey.errorLines().isEmpty() ? "" : " — first: "
                    + latchkey.errorLines().get(0)));
        }
        report.write(results, "gateway");
    }

    private static HttpRequest call(String url, String bearer, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString(CALL));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }

    private static String initialize(HttpClient http, String gatewayUrl, String token) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("initialize through the gateway answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return answer.headers().firstValue("mcp-session-id")
                .orElseThrow(() -> new IllegalStateException("no Mcp-Session-Id from the gateway"));
    }

    private static Map<String, LoadGenerator.Result> interleaved(Map<String, LongFunction<HttpRequest>> scenarios,
            LoadGenerator load, Duration phase, Map<String, Double> rates, CpuSplit cpu) throws InterruptedException {
        long rounds = Math.max(1, phase.toSeconds() / SLICE.toSeconds());
        Map<String, LoadGenerator.Result> results = new LinkedHashMap<>();
        for (long round = 0; round < rounds; round++) {
            for (var scenario : scenarios.entrySet()) {
                long[] before = cpu.read();
                LoadGenerator.Result slice = load.run(scenario.getValue(), 200, SLICE,
                        rates.getOrDefault(scenario.getKey(), 0.0), Long.MAX_VALUE);
                cpu.add(scenario.getKey(), before, cpu.read());
                results.merge(scenario.getKey(), slice, LoadGenerator.Result::plus);
            }
        }
        return results;
    }

    private static void throughputTable(Map<String, LoadGenerator.Result> max, Map<String, LoadGenerator.Result> one,
                                        int concurrency, Report report) {
        LoadGenerator.Result direct = max.get(DIRECT);
        List<List<String>> rows = new ArrayList<>();
        for (String name : max.keySet()) {
            LoadGenerator.Result m = max.get(name);
            LoadGenerator.Result s = one.get(name);
            rows.add(List.of(name, Report.fixed(m.throughput(), 0), Report.ratio(m.throughput(), direct.throughput()),
                    Report.fixed(m.p(50), 2), Report.fixed(m.p(99), 2), Report.fixed(s.p(50), 2), Report.fixed(s.p(99), 2),
                    m.errors() + s.errors() + (m.errorSamples().isEmpty() ? "" : " " + m.errorSamples())));
        }
        report.line("### Throughput and added latency");
        report.line("");
        report.table(List.of("", "req/s at " + concurrency + " clients", "of direct", "p50 ms", "p99 ms",
                "p50 ms, 1 client", "p99 ms, 1 client", "errors"), rows);
        report.line(String.format("Through the gateway: **%.0f %%** of the direct throughput at %d concurrent clients "
                        + "(target ≥ 80 %%); **%.2f ms** added to the median one request at a time (target ≤ 1 ms).",
                100 * max.get(GATEWAY).throughput() / direct.throughput(), concurrency,
                one.get(GATEWAY).p(50) - one.get(DIRECT).p(50)));
        report.line("");
    }

    private static void cpuTable(Map<String, LoadGenerator.Result> max, CpuSplit cpu, Report report) {
        List<List<String>> rows = new ArrayList<>();
        for (String name : max.keySet()) {
            double calls = max.get(name).requests();
            double[] ms = cpu.millis(name);
            rows.add(List.of(name, Report.fixed(ms[0] / calls, 3), Report.fixed(ms[1] / calls, 3),
                    Report.fixed(ms[2] / calls, 3), Report.fixed((ms[0] + ms[1] + ms[2]) / calls, 3)));
        }
        report.line("CPU time per call in the full-speed phase (ms, from each process's CPU counters):");
        report.line("");
        report.table(List.of("", "Latchkey", "MCP server (Node)", "load generator", "all"), rows);
    }

    /** CPU time of Latchkey, the upstream MCP server and this load generator, summed per scenario. */
    private static final class CpuSplit {
        static final CpuSplit NONE = new CpuSplit(-1, -1);
        private final long[] pids;
        private final Map<String, double[]> millis = new LinkedHashMap<>();

        CpuSplit(long latchkey, long upstream) {
            this.pids = new long[] {latchkey, upstream, ProcessHandle.current().pid()};
        }

        long[] read() {
            long[] nanos = new long[3];
            for (int i = 0; i < 3 && pids[0] > 0; i++) {
                nanos[i] = ProcessHandle.of(pids[i]).flatMap(p -> p.info().totalCpuDuration())
                        .map(Duration::toNanos).orElse(0L);
            }
            return nanos;
        }

        void add(String scenario, long[] before, long[] after) {
            double[] sums = millis.computeIfAbsent(scenario, k -> new double[3]);
            for (int i = 0; i < 3; i++) {
                sums[i] += (after[i] - before[i]) / 1e6;
            }
        }

        double[] millis(String scenario) {
            return millis.getOrDefault(scenario, new double[3]);
        }
    }

    /** Time from sending the call to the first SSE {@code data:} line, alternating direct and gateway. */
    private static void firstEvents(HttpClient http, String mcpUrl, String upstreamToken, String gatewayUrl,
                                    String gatewayToken, String session, Report report) throws Exception {
        long[] direct = new long[FIRST_EVENT_SAMPLES];
        long[] gateway = new long[FIRST_EVENT_SAMPLES];
        for (int i = 0; i < FIRST_EVENT_SAMPLES; i++) {
            direct[i] = firstEvent(http, call(mcpUrl, upstreamToken, null));
            gateway[i] = firstEvent(http, call(gatewayUrl, gatewayToken, session));
        }
        Arrays.sort(direct);
        Arrays.sort(gateway);
        double d50 = direct[FIRST_EVENT_SAMPLES / 2] / 1000.0;
        double g50 = gateway[FIRST_EVENT_SAMPLES / 2] / 1000.0;
        double d99 = direct[FIRST_EVENT_SAMPLES * 99 / 100] / 1000.0;
        double g99 = gateway[FIRST_EVENT_SAMPLES * 99 / 100] / 1000.0;
        report.line("### First SSE event");
        report.line("");
        report.table(List.of("", "p50 ms", "p99 ms"), List.of(
                List.of("direct", Report.fixed(d50, 2), Report.fixed(d99, 2)),
                List.of("through the gateway", Report.fixed(g50, 2), Report.fixed(g99, 2))));
        report.line(String.format("%d calls each, one at a time, alternating: the first `data:` line arrives **%.2f ms** "
                + "later through the gateway at the median (target ≤ 2 ms).", FIRST_EVENT_SAMPLES, g50 - d50));
        report.line("");
    }

    private static long firstEvent(HttpClient http, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    long micros = (System.nanoTime() - start) / 1000;
                    lines.transferTo(java.io.Writer.nullWriter());
                    return micros;
                }
            }
        }
        throw new IllegalStateException("no SSE data event in the answer (status " + response.statusCode() + ")");
    }

    /**
     * {@code streams} gateway sessions of {@code streamsUrl}, each with its GET event stream open and idle,
     * then calls to {@code callsUrl} at {@code rate} beside them; the server's heap and threads before and during.
     */
    private static void idleStreams(HttpClient http, String streamsUrl, String callsUrl, String token, String session,
                                    int streams, double rate, LoadGenerator load, Duration phase, String adminPort,
                                    String what, Report report) throws Exception {
        LoadGenerator.Result alone = load.run(n -> call(callsUrl, token, session), 200, phase, rate, Long.MAX_VALUE);
        JsonNode before = metrics(http, adminPort);
        HttpClient streamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<InputStream>>> open = new ArrayList<>();
        long openedAt = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            String id = initialize(http, streamsUrl, token);
            open.add(streamClient.sendAsync(HttpRequest.newBuilder(URI.create(streamsUrl))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", id).header("MCP-Protocol-Version", "2025-11-25").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        int ok = 0;
        for (CompletableFuture<HttpResponse<InputStream>> future : open) {
            HttpResponse<InputStream> response = future.get();
            if (response.statusCode() == 200 && response.headers().firstValue("content-type").orElse("")
                    .startsWith("text/event-stream")) {
                ok++;
            }
        }
        double openSeconds = (System.nanoTime() - openedAt) / 1e9;
        LoadGenerator.Result beside = load.run(n -> call(callsUrl, token, session), 200, phase, rate, Long.MAX_VALUE);
        JsonNode during = metrics(http, adminPort);
        for (CompletableFuture<HttpResponse<InputStream>> future : open) {
            future.get().body().close();
        }
        report.line(String.format("**%d streams** (%s) opened in %.1f s, %d answered 200 `text/event-stream`. %s "
                        + "Beside them, %.0f req/s for %d s: p50 **%.2f ms**, p99 **%.2f ms**, max %.2f ms, %d errors "
                        + "(the same calls just before, without the streams: p50 %.2f ms, p99 %.2f ms, max %.2f ms).",
                streams, streamsUrl.substring(streamsUrl.lastIndexOf('/') + 1), openSeconds, ok, what, rate,
                phase.toSeconds(), beside.p(50), beside.p(99), beside.p(100), beside.errors(), alone.p(50),
                alone.p(99), alone.p(100)));
        report.line("");
        report.table(List.of("server (admin metrics)", "before the streams", "with the streams open"), List.of(
                List.of("heap used (MiB)", mib(before, "jvm.memory.heap.used"), mib(during, "jvm.memory.heap.used")),
                List.of("threads", gauge(before, "jvm.threads.count"), gauge(during, "jvm.threads.count"))));
        report.line("");
    }

    private static String register(Api api, String mcpUrl, String name) throws Exception {
        return api.send(api.post("/v1/servers", Api.JSON.createObjectNode().put("url", mcpUrl).put("name", name)
                .toString()), 201).get("gatewayUrl").asText();
    }

    private static JsonNode metrics(HttpClient http, String adminPort) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return Api.JSON.readTree(answer.body());
    }

    private static String gauge(JsonNode metrics, String name) {
        JsonNode value = metrics.path("gauges").path(name).path("value");
        if (value.isMissingNode()) {
            value = metrics.path("counters").path(name).path("count");
        }
        return value.isMissingNode() ? "n/a" : value.asText();
    }

    private static String mib(JsonNode metrics, String name) {
        JsonNode value = metrics.path("gauges").path(name).path("value");
        return value.isNumber() ? Report.fixed(value.asDouble() / (1 << 20), 0) : "n/a";
    }
}
