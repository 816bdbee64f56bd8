package dev.latchkey.testing;

import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Creates API keys for tests, directly in the app's database. */
public final class TestKeys {

    private TestKeys() {
    }

    /** A Jdbi on the running app's own database (H2 or PostgreSQL), for fixtures and assertions. */
    public static Jdbi jdbi(LatchkeyConfiguration configuration) {
        var db = configuration.getDatabase();
        return Jdbi.create(db.getUrl(), db.getUser(), java.util.Objects.requireNonNullElse(db.getPassword(), "")).installPlugin(new SqlObjectPlugin());
    }

    public static String create(LatchkeyConfiguration configuration, String tenant) {
        return create(jdbi(configuration), tenant);
    }

    public static String create(Jdbi jdbi, String tenant) {
        return new ApiKeys(jdbi, Clock.systemUTC()).create(tenant, Optional.of("test")).secret();
    }
}
