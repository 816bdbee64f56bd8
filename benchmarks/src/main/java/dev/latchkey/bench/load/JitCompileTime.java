package dev.latchkey.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The server JVM's total JIT compile time, read with {@code jstat -compiler}: the load is measured
 * only once compiling has settled, so that figures describe the steady state and not the JIT's
 * warm-up (on two cores that takes minutes, and it taxes every endpoint alike).
 */
final class JitCompileTime {

    private final long pid;

    JitCompileTime(long pid) {
        this.pid = pid;
    }

    /** Seconds spent compiling so far. */
    double seconds() {
        String jstat = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
        try {
            Process process = new ProcessBuilder(jstat, "-compiler", String.valueOf(pid)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("jstat failed: " + out);
            }
            // "Compiled Failed Invalid   Time   FailedType FailedMethod" then one line of values.
            String[] values = out.strip().lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+");
            return Double.parseDouble(values[3]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jstat", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
