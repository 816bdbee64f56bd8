package dev.latchkey.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real databases for tests: H2 in a file (as the embedded default runs it) and one real
 * PostgreSQL 17 per test JVM, started from Maven artifacts, with a fresh database per caller.
 */
public final class TestDatabases {

    public static final String H2_OPTIONS = ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** The kinds of database Latchkey runs on. */
    public enum Kind { H2, POSTGRES }

    public static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("latchkey") + H2_OPTIONS;
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                // Commits as in production (zonky turns synchronous_commit off), so that a transaction's
                // own setting shows; fsync stays off: the tests do not measure the disk.
                postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** A new, empty PostgreSQL database; returns its JDBC URL (user and password: postgres). */
    public static String freshPostgresUrl() {
        String name = "latchkey_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return postgres().getJdbcUrl("postgres", name);
    }

    public static String url(Kind kind, Path dir) {
        return kind == Kind.H2 ? h2Url(dir) : freshPostgresUrl();
    }
}
