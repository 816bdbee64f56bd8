package dev.latchkey.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Starts a Node interop peer. Where Node or the peers' packages are missing the test skips
 * loudly on a developer machine and fails in CI (CI=true), so nothing silently stops being tested.
 */
public final class Peers {

    private Peers() {
    }

    public static NodePeer start(String script, String... args) {
        return orSkip(() -> NodePeer.start(script, args));
    }

    /**
     * Runs a script of an npm folder of the repository to its end ({@link NodePeer#runIn}) and returns
     * its stdout, skipping the same loud way when Node or the folder's packages are missing.
     */
    public static String run(String folder, String script, java.time.Duration timeout, String... args) {
        return orSkip(() -> NodePeer.runIn(folder, script, timeout, args));
    }

    private static <T> T orSkip(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("unavailable")) {
                if (System.getenv("CI") != null) {
                    throw new AssertionError("Interop prerequisite missing in CI: " + e.getMessage(), e);
                }
                System.err.println("SKIPPED (prerequisite missing): " + e.getMessage());
                Assumptions.abort("Interop prerequisite missing: " + e.getMessage());
            }
            throw e;
        }
    }
}
