package dev.latchkey.bench.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Process CPU time of the server, of the database server (PostgreSQL: the postmaster and its
 * backends; H2 runs inside the server) and of this load generator, summed per scenario over its slices.
 */
final class CpuMeter {

    static final CpuMeter NONE = new CpuMeter(null, null);

    private final ProcessHandle server;
    private final ProcessHandle database;
    private final Map<String, double[]> millis = new HashMap<>();

    CpuMeter(ProcessHandle server, ProcessHandle database) {
        this.server = server;
        this.database = database;
    }

    record Reading(long serverNanos, long databaseNanos, long generatorNanos) {
    }

    Reading read() {
        if (server == null) {
            return new Reading(0, 0, 0);
        }
        long databaseNanos = database == null ? 0 : cpu(database)
                + database.descendants().mapToLong(CpuMeter::cpuIfAlive).sum();
        return new Reading(cpu(server), databaseNanos, cpu(ProcessHandle.current()));
    }

    void add(String scenario, Reading before, Reading after) {
        double[] sums = millis.computeIfAbsent(scenario, k -> new double[3]);
        sums[0] += (after.serverNanos() - before.serverNanos()) / 1e6;
        sums[1] += (after.generatorNanos() - before.generatorNanos()) / 1e6;
        sums[2] += (after.databaseNanos() - before.databaseNanos()) / 1e6;
    }

    boolean measuresDatabase() {
        return database != null;
    }

    double databaseMillis(String scenario) {
        return millis.getOrDefault(scenario, new double[3])[2];
    }

    private static long cpuIfAlive(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    double serverMillis(String scenario) {
        return millis.getOrDefault(scenario, new double[3])[0];
    }

    double generatorMillis(String scenario) {
        return millis.getOrDefault(scenario, new double[3])[1];
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + process.pid()));
    }
}
