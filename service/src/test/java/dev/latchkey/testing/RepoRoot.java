package dev.latchkey.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder (where config.yml lives), however the tests were started. */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path get() {
        String configured = System.getProperty("latchkey.repoRoot");
        if (configured != null && Files.exists(Path.of(configured, "config.yml"))) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("config.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (config.yml)");
        }
        return dir;
    }

    public static Path configYml() {
        return get().resolve("config.yml");
    }
}
