package dev.latchkey.bench.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Process CPU time of the server and of this load generator, summed per scenario over its slices. */
final class CpuMeter {

    static final CpuMeter NONE = new CpuMeter(null);

    private final ProcessHandle server;
    private final Map<String, double[]> millis = new HashMap<>();

    CpuMeter(ProcessHandle server) {
        this.server = server;
    }

    record Reading(long serverNanos, long generatorNanos) {
    }

    Reading read() {
        if (server == null) {
            return new Reading(0, 0);
        }
        return new Reading(cpu(server), cpu(ProcessHandle.current()));
    }

    void add(String scenario, Reading before, Reading after) {
        double[] sums = millis.computeIfAbsent(scenario, k -> new double[2]);
        sums[0] += (after.serverNanos() - before.serverNanos()) / 1e6;
        sums[1] += (after.generatorNanos() - before.generatorNanos()) / 1e6;
    }

    double serverMillis(String scenario) {
        return millis.getOrDefault(scenario, new double[2])[0];
    }

    double generatorMillis(String scenario) {
        return millis.getOrDefault(scenario, new double[2])[1];
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + process.pid()));
    }
}
