package dev.latchkey.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary folders for per-class fixtures (static extensions are built before @TempDir exists). */
public final class TempDirs {

    private TempDirs() {
    }

    public static Path create(String name) {
        try {
            Path dir = Files.createTempDirectory("latchkey-" + name + "-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
