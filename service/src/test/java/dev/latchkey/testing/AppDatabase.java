package dev.latchkey.testing;

import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import io.dropwizard.db.DataSourceFactory;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Direct access to a test app's database: to mint API keys and write events as the flow engine would. */
public final class AppDatabase {

    private AppDatabase() {
    }

    public static Jdbi jdbi(LatchkeyConfiguration config) {
        DataSourceFactory db = config.getDatabase();
        return jdbi(db.getUrl(), db.getUser(), db.getPassword() == null ? "" : db.getPassword());
    }

    public static Jdbi jdbi(String url, String user, String password) {
        return Jdbi.create(url, user, password).installPlugin(new SqlObjectPlugin());
    }

    public static String apiKey(Jdbi jdbi, String tenant) {
        return new ApiKeys(jdbi, Clock.systemUTC()).create(tenant, Optional.of("test")).secret();
    }
}
