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
        try {
            return NodePeer.start(script, args);
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
