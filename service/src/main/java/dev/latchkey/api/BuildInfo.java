package dev.latchkey.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version and build time stamped into the jar at build time. */
public record BuildInfo(String name, String version, String built) {

    public static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/META-INF/latchkey-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo("latchkey", properties.getProperty("version", "dev"),
                properties.getProperty("built", "unknown"));
    }
}
