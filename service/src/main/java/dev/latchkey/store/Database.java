package dev.latchkey.store;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Opens the database, applies the migrations and builds Jdbi. The same migrations run on the
 * embedded H2 (PostgreSQL compatibility mode) and on PostgreSQL; the driver follows from the URL.
 */
public final class Database {

    private Database() {
    }

    public static Dialect dialect(DataSourceFactory factory) {
        return Dialect.of(factory.getUrl());
    }

    /** Fills in what follows from the URL, so switching to PostgreSQL is one setting. */
    public static DataSourceFactory prepare(DataSourceFactory factory) {
        Dialect dialect = dialect(factory);
        factory.setDriverClass(dialect.driverClass());
        return factory;
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * For the application: pooled, health-checked, instrumented, migrated. The pool is the first
     * managed object: Dropwizard stops managed objects in reverse order, so it closes after every
     * job registered later has stopped.
     */
    public static Jdbi open(Environment environment, DataSourceFactory factory) {
        prepare(factory);
        ManagedDataSource dataSource = factory.build(environment.metrics(), "database");
        migrate(dataSource);
        Jdbi jdbi = new JdbiFactory().build(environment, factory, dataSource, "database");
        return configure(jdbi);
    }

    /** For CLI commands: a small pool, migrated, closed by the caller. */
    public static Standalone openStandalone(DataSourceFactory factory) {
        prepare(factory);
        factory.setMinSize(1);
        factory.setInitialSize(1);
        factory.setMaxSize(2);
        ManagedDataSource dataSource = factory.build(new MetricRegistry(), "cli");
        migrate(dataSource);
        return new Standalone(dataSource, configure(Jdbi.create(dataSource)));
    }

    private static Jdbi configure(Jdbi jdbi) {
        return jdbi.installPlugin(new SqlObjectPlugin());
    }

    /**
     * Reads each SQL object's description (its methods, statements and mappers) into Jdbi's own
     * configuration once. A handle works on a copy of that configuration, so a description read by
     * {@code handle.attach(...)} would be dropped with the handle and read again by the next one
     * (docs/benchmarks.md).
     */
    @SafeVarargs
    public static void describeSqlObjects(Jdbi jdbi, List<Class<?>>... sqlObjects) {
        for (List<Class<?>> group : sqlObjects) {
            for (Class<?> type : group) {
                jdbi.withExtension(type, sqlObject -> null);
            }
        }
    }

    /** Work whose every write is undone: what it needs from outside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work} in a transaction that is always rolled back. Jdbi hands the transaction's
     * handle to every call made on this thread inside it, and nested transactions join it, so
     * everything the work writes through Jdbi is undone.
     */
    public static <T> T rolledBack(Jdbi jdbi, Work<T> work) throws Exception {
        return jdbi.inTransaction(handle -> {
            try {
                return work.run();
            } finally {
                handle.rollback();
            }
        });
    }

    /** A database opened outside the server. */
    public record Standalone(ManagedDataSource dataSource, Jdbi jdbi) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            dataSource.stop();
        }
    }
}
