package dev.latchkey.bench.micro;

import dev.latchkey.bench.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the microbenchmarks in one JMH run and reports each Latchkey path as a ratio to its baseline. */
public final class MicroMain {

    private static final List<String[]> PAIRS = List.of(
            new String[] {"state mint + verify (StateCodec seal+open)", "stateSealOpenLatchkey", "stateSealOpenBareJose",
                "nimbus JWE dir/A256GCM encrypt+decrypt", "2.00"},
            new String[] {"token encrypt + decrypt (TokenVault seal+open)", "tokenSealOpenLatchkey", "tokenSealOpenRawAesGcm",
                "raw AES-256-GCM through JCA", "-"},
            new String[] {"notice rendering (MessageContextNotice.render)", "noticeLatchkey", "noticePlainStringBuilder",
                "plain StringBuilder", "-"},
            new String[] {"API key lookup, every request (ApiKeyDao.findByPrefix: a plain Jdbi query; H2 in memory)",
                "apiKeyLookupLatchkey", "apiKeyLookupAttachedSqlObject",
                "the same query through an attached Jdbi SQL object (before)", "-"},
            new String[] {"a handle and handle.attach(AuditDao) after Database.describeSqlObjects at start",
                "attachOnNewHandleDescribed", "attachOnNewHandleUndescribed",
                "the same without it (before): the handle reads the SQL object again", "-"});

    private MicroMain() {
    }

    public static void main(String[] args) throws RunnerException {
        Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<String, List<Double>> samples = new HashMap<>();
        Map<String, List<Double>> allocated = new HashMap<>();
        // Rounds interleave every pair in time, so that the machine's changing load (other builds on
        // the same 2 cores) falls on both sides of a ratio alike.
        for (int round = 0; round < rounds; round++) {
            Options options = new OptionsBuilder()
                    .include(CryptoBenchmarks.class.getName()).include(NoticeBenchmarks.class.getName())
                    .include(StoreBenchmarks.class.getName()).addProfiler(GCProfiler.class)
                    .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                    .threads(1).jvmArgsAppend("-Xmx256m")
                    .build();
            for (RunResult result : new Runner(options).run()) {
                String name = result.getParams().getBenchmark();
                List<Double> scores = samples.computeIfAbsent(name.substring(name.lastIndexOf('.') + 1), k -> new ArrayList<>());
                List<Double> bytes = allocated.computeIfAbsent(name.substring(name.lastIndexOf('.') + 1),
                        k -> new ArrayList<>());
                result.getBenchmarkResults().forEach(b -> b.getIterationResults().forEach(i -> {
                    scores.add(i.getPrimaryResult().getScore());
                    Result<?> norm = i.getSecondaryResults().get("·gc.alloc.rate.norm");
                    if (norm == null) {
                        norm = i.getSecondaryResults().get("gc.alloc.rate.norm");
                    }
                    if (norm != null) {
                        bytes.add(norm.getScore());
                    }
                }));
            }
        }
        Report report = new Report("Microbenchmarks (JMH 1.37; " + rounds + " interleaved rounds × 1 fork × 5 × 1 s "
                + "measured after 2 × 1 s warm-up; 1 thread; -Xmx256m)");
        report.line("Each crypto figure is one round trip (seal then open); the API key lookup is one query on an "
                + "in-memory H2, so the difference is what Jdbi does around it. Bytes/op: JMH's GC profiler "
                + "(gc.alloc.rate.norm). Median and minimum over all measured iterations; "
                + "the minimum is the least disturbed by other load on the machine.");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        for (String[] pair : PAIRS) {
            List<Double> latchkey = samples.get(pair[1]);
            List<Double> baseline = samples.get(pair[2]);
            double medianRatio = median(latchkey) / median(baseline);
            rows.add(List.of(pair[0], us(latchkey) + bytesPerOp(allocated.get(pair[1])), pair[3],
                    us(baseline) + bytesPerOp(allocated.get(pair[2])), Report.fixed(medianRatio, 2),
                    Report.ratio(min(latchkey), min(baseline)), pair[4].equals("-") ? "-" : "≤ " + pair[4]
                            + (medianRatio <= Double.parseDouble(pair[4]) ? " — holds" : " — MISSED")));
        }
        report.table(List.of("Latchkey path", "µs/op median (min); bytes/op", "baseline", "µs/op median (min); bytes/op",
                "ratio of medians",
                "ratio of minima", "target"), rows);
        report.write(out, "micro");
    }

    private static String bytesPerOp(List<Double> values) {
        return values == null || values.isEmpty() ? "" : String.format("; %,.0f B", median(values));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static String us(List<Double> values) {
        return String.format("%.2f (%.2f)", median(values), min(values));
    }
}
