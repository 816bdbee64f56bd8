package dev.latchkey.bench.load;

import dev.latchkey.bench.Api;
import dev.latchkey.bench.LatchkeyProcess;
import dev.latchkey.bench.NodePeer;
import dev.latchkey.bench.Postgres;
import dev.latchkey.bench.RealFlow;
import dev.latchkey.bench.Report;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Load against the real jar on H2 and on PostgreSQL, side by side in one run: warm flow start,
 * token fetch without refresh, and the whoami baseline — at maximum throughput, then paced at half
 * of each one's maximum for the latency target.
 *
 * <p>{@code LoadMain <repo> <results dir> [h2|postgres|both] [seconds per phase] [concurrency] [jvm args…]}
 */
public final class LoadMain {

    private static final String WHOAMI = "baseline GET /v1/whoami";
    private static final String TOKEN = "(b) POST /v1/connections/{id}/token";
    private static final String FLOWS = "(a) POST /v1/flows (warm)";
    private static final Duration SLICE = Duration.ofSeconds(3);
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(8);

    private LoadMain() {
    }

    record Settings(Path repo, Path results, List<String> databases, Duration phase, int concurrency, List<String> jvmArgs) {
        static Settings parse(String[] args) {
            String which = args.length > 2 ? args[2] : "both";
            return new Settings(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]),
                    which.equals("both") ? List.of("h2", "postgres") : List.of(which),
                    Duration.ofSeconds(args.length > 3 ? Integer.parseInt(args[3]) : 30),
                    args.length > 4 ? Integer.parseInt(args[4]) : 8,
                    args.length > 5 ? List.of(args).subList(5, args.length) : List.of());
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Report report = new Report("Load: warm flow start and token fetch beside the whoami baseline");
        report.line("Latchkey: the real `service/target/latchkey.jar`, `-Xmx256m`" + (settings.jvmArgs().isEmpty() ? ""
                : " " + String.join(" ", settings.jvmArgs())) + ", real config.yml (request log on). Load: "
                + settings.concurrency() + " workers (java.net.http, HTTP/1.1 keep-alive) in a separate JVM on the same "
                + "2 cores. Per endpoint " + settings.phase().toSeconds() + " s at maximum throughput, then "
                + settings.phase().toSeconds() + " s paced at half of that maximum, after a warm-up; within a phase "
                + "the three endpoints take turns in " + SLICE.toSeconds() + " s slices. Paced latencies are measured "
                + "from each request's intended start (no coordinated omission).");
        report.line("");
        for (String database : settings.databases()) {
            runOn(database, settings, report);
        }
        report.write(settings.results(), "load");
    }

    private static void runOn(String database, Settings settings, Report report) throws Exception {
        Path dir = Files.createTempDirectory("latchkey-load-" + database);
        // LOAD_POSTGRES_DURABLE=false only to measure what the durable commit costs; the report names the settings.
        boolean durable = !"false".equals(System.getenv("LOAD_POSTGRES_DURABLE"));
        Postgres postgres = database.equals("postgres") ? Postgres.start(dir, durable) : null;
        int port = LatchkeyProcess.freePort();
        Map<String, String> env = LatchkeyProcess.environment(dir, port, postgres == null ? null : postgres.database());
        String apiKey = LatchkeyProcess.createApiKey(settings.repo(), dir, env, "bench");
        try (NodePeer peer = NodePeer.start(settings.repo(), "mcp-sdk-peer.mjs");
             LatchkeyProcess latchkey = LatchkeyProcess.start(settings.repo(), dir, port, env, settings.jvmArgs())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Api api = new Api(http, latchkey.baseUrl(), apiKey);
            String mcpUrl = peer.field("mcpUrl");
            String connectionId = RealFlow.connect(api, mcpUrl, "load-connected");
            report.line("## " + (postgres == null ? "Embedded default (H2 file)" : "PostgreSQL (" + postgres.settings() + ")"));
            report.line("");
            Map<String, LongFunction<HttpRequest>> scenarios = new LinkedHashMap<>();
            scenarios.put(WHOAMI, n -> api.get("/v1/whoami"));
            scenarios.put(TOKEN, n -> api.post("/v1/connections/" + connectionId + "/token", ""));
            scenarios.put(FLOWS, n -> api.post("/v1/flows",
                    Api.startFlowBody(mcpUrl, "load-" + System.nanoTime() + "-" + n, null)));
            Runnable afterWarmUp = postgres == null ? () -> { } : () -> {
                postgres.checkpoint();
                report.line("After the warm-up: `CHECKPOINT`, so that the measured phases write into recycled WAL "
                        + "segments, as a database that has been running does (a new cluster creates and zero-fills "
                        + "every new 16 MB segment while a commit waits).");
                report.line("");
            };
            measure(scenarios, afterWarmUp, new LoadGenerator(http, settings.concurrency()), settings.phase(), report,
                    peer, api,
                    new CpuMeter(ProcessHandle.of(latchkey.pid()).orElseThrow(),
                            postgres == null ? null : postgres.process()), new JitCompileTime(latchkey.pid()));
            report.line("Server after the run: " + (latchkey.alive() ? "alive" : "EXITED") + ", error lines in its log: "
                    + latchkey.errorLines().size() + (latchkey.errorLines().isEmpty() ? "" : " — first: "
                    + latchkey.errorLines().get(0)));
            report.line("");
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * Warm-up, then the maximum-throughput phase, then the half-rate phase; within a phase the
     * scenarios take turns in short slices, so that other load on the machine falls on all alike.
     */
    private static void measure(Map<String, LongFunction<HttpRequest>> scenarios, Runnable afterWarmUp,
                                LoadGenerator load, Duration phase, Report report, NodePeer peer, Api api, CpuMeter cpu,
                                JitCompileTime jit) throws Exception {
        warmUp(scenarios, load, jit, report);
        afterWarmUp.run();
        api.send(HttpRequest.newBuilder(URI.create(peer.field("logUrl") + "/reset"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), 200);
        Map<String, LoadGenerator.Result> max = interleaved(scenarios, load, phase, Map.of(), cpu);
        Map<String, Double> halfRates = new LinkedHashMap<>();
        max.forEach((name, result) -> halfRates.put(name, result.throughput() / 2));
        Map<String, LoadGenerator.Result> half = interleaved(scenarios, load, phase, halfRates, CpuMeter.NONE);
        JsonNode outbound = api.send(HttpRequest.newBuilder(URI.create(peer.field("logUrl"))).build(), 200);
        long warmFlows = max.get(FLOWS).requests() + half.get(FLOWS).requests();
        table(max, half, report);
        stalls(half, report);
        cpuTable(max, cpu, report);
        report.line("Outbound requests to the MCP server / authorization server during the " + warmFlows
                + " measured warm flow starts: " + outbound.size() + ".");
        report.line("");
    }

    /**
     * Interleaved rounds at full speed until the server's JIT has settled: a round (one slice of each
     * endpoint) in which it compiled for less than 2 % of the round's time, after at least two rounds;
     * at most {@link #MAX_WARM_UP}.
     */
    private static void warmUp(Map<String, LongFunction<HttpRequest>> scenarios, LoadGenerator load,
                               JitCompileTime jit, Report report) throws InterruptedException {
        long start = System.nanoTime();
        double compiled = jit.seconds();
        double lastRound = Double.MAX_VALUE;
        int rounds = 0;
        while (rounds < 2 || lastRound > 0.02 * SLICE.toSeconds() * scenarios.size()) {
            if (System.nanoTime() - start > MAX_WARM_UP.toNanos()) {
                break;
            }
            interleaved(scenarios, load, SLICE, Map.of(), CpuMeter.NONE);
            double now = jit.seconds();
            lastRound = now - compiled;
            compiled = now;
            rounds++;
        }
        report.line(String.format("Warm-up: %d s at full speed until the JIT settled (%.1f s of compiling in its last "
                + "%d s round; %.0f s in all).", (System.nanoTime() - start) / 1_000_000_000L, lastRound,
                SLICE.toSeconds() * scenarios.size(), compiled));
        report.line("");
    }

    private static Map<String, LoadGenerator.Result> interleaved(Map<String, LongFunction<HttpRequest>> scenarios,
            LoadGenerator load, Duration phase, Map<String, Double> rates, CpuMeter cpu) throws InterruptedException {
        long rounds = Math.max(1, phase.toSeconds() / SLICE.toSeconds());
        Map<String, LoadGenerator.Result> results = new LinkedHashMap<>();
        for (long round = 0; round < rounds; round++) {
            for (var scenario : scenarios.entrySet()) {
                CpuMeter.Reading before = cpu.read();
                LoadGenerator.Result slice = load.run(scenario.getValue(), status(scenario.getKey()), SLICE,
                        rates.getOrDefault(scenario.getKey(), 0.0), Long.MAX_VALUE);
                cpu.add(scenario.getKey(), before, cpu.read());
                results.merge(scenario.getKey(), slice, LoadGenerator.Result::plus);
            }
        }
        return results;
    }

    /** Where the half-rate tail came from: each 3 s slice whose slowest request took over 20 ms, with its time. */
    private static void stalls(Map<String, LoadGenerator.Result> half, Report report) {
        report.line("Half-rate slices whose slowest request took over 20 ms (its intended start, UTC, and its latency): "
                + String.join("; ", half.entrySet().stream().map(entry -> entry.getKey() + ": " + slowSlices(entry.getValue()))
                .toList()) + ".");
        report.line("");
    }

    private static String slowSlices(LoadGenerator.Result result) {
        List<String> slow = result.slowest().stream().filter(s -> s.micros() > 20_000)
                .map(s -> s.intendedStart().toString().substring(11, 23) + " (" + s.micros() / 1000 + " ms)").toList();
        return slow.isEmpty() ? "none" : String.join(", ", slow);
    }

    private static void table(Map<String, LoadGenerator.Result> max, Map<String, LoadGenerator.Result> half, Report report) {
        double baseline = max.get(WHOAMI).throughput();
        List<List<String>> rows = new ArrayList<>();
        for (String name : max.keySet()) {
            LoadGenerator.Result m = max.get(name);
            LoadGenerator.Result h = half.get(name);
            rows.add(List.of(name, Report.fixed(m.throughput(), 0), Report.ratio(m.throughput(), baseline),
                    Report.fixed(m.p(50), 2), Report.fixed(m.p(99), 2),
                    Report.fixed(h.throughput(), 0), Report.fixed(h.p(50), 2), Report.fixed(h.p(99), 2),
                    m.errors() + h.errors() + " / " + (m.requests() + h.requests())
                            + (m.errorSamples().isEmpty() && h.errorSamples().isEmpty() ? ""
                            : " " + m.errorSamples() + h.errorSamples())));
        }
        report.table(List.of("endpoint", "max req/s", "× baseline", "p50 ms", "p99 ms", "half-rate req/s",
                "p50 ms", "p99 ms", "errors / requests"), rows);
    }

    /** CPU per request at maximum throughput: what each endpoint costs the server, the database and the load generator. */
    private static void cpuTable(Map<String, LoadGenerator.Result> max, CpuMeter cpu, Report report) {
        String baseline = max.keySet().iterator().next();
        double baselineTotal = (cpu.serverMillis(baseline) + cpu.databaseMillis(baseline)) / max.get(baseline).requests();
        List<List<String>> rows = new ArrayList<>();
        for (var entry : max.entrySet()) {
            long requests = entry.getValue().requests();
            double server = cpu.serverMillis(entry.getKey()) / requests;
            double database = cpu.databaseMillis(entry.getKey()) / requests;
            double generator = cpu.generatorMillis(entry.getKey()) / requests;
            rows.add(List.of(entry.getKey(), Report.fixed(server * 1000, 0),
                    cpu.measuresDatabase() ? Report.fixed(database * 1000, 0) : "(inside the server)",
                    Report.fixed((server + database) / baselineTotal, 2), Report.fixed(generator * 1000, 0)));
        }
        report.line("CPU time per request in the maximum-throughput phase (process CPU, all threads, GC and JIT included):");
        report.line("");
        report.table(List.of("endpoint", "Latchkey µs", "PostgreSQL µs", "× baseline (Latchkey + database)",
                "load generator µs"), rows);
    }

    private static int status(String scenario) {
        return scenario.contains("/v1/flows") ? 201 : 200;
    }
}
