package dev.latchkey.testing;

import dev.latchkey.store.Database;
import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/** A migrated database of either kind, for DAO and service tests without the HTTP layer. */
public final class StoreFixture implements AutoCloseable {

    private final Database.Standalone db;

    private StoreFixture(Database.Standalone db) {
        this.db = db;
    }

    public static StoreFixture open(TestDatabases.Kind kind, Path tempDir) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl(TestDatabases.url(kind, tempDir));
        factory.setUser(kind == TestDatabases.Kind.POSTGRES ? "postgres" : "latchkey");
        factory.setPassword(kind == TestDatabases.Kind.POSTGRES ? "postgres" : "");
        return new StoreFixture(Database.openStandalone(factory));
    }

    public Jdbi jdbi() {
        return db.jdbi();
    }

    @Override
    public void close() throws Exception {
        db.close();
    }
}
