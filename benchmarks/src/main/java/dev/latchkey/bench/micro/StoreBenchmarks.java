package dev.latchkey.bench.micro;

import dev.latchkey.audit.AuditDao;
import dev.latchkey.auth.ApiKey;
import dev.latchkey.auth.ApiKeyDao;
import dev.latchkey.store.Database;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The API key lookup every request makes, as Latchkey runs it (a plain Jdbi query, {@link
 * ApiKeyDao#findByPrefix}) beside the same query through an attached SQL object; and a SQL object
 * attached on a new handle with and without {@link Database#describeSqlObjects} at start. On an
 * in-memory H2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmarks {

    /** The same SELECT as an annotated SQL object method, with the same row mapper. */
    @RegisterRowMapper(ApiKeyDao.Mapper.class)
    public interface AttachedApiKeys {
        @SqlQuery("SELECT * FROM api_keys WHERE prefix = :prefix")
        Optional<ApiKey> findByPrefix(@Bind("prefix") String prefix);
    }

    private Jdbi jdbi;
    private Jdbi described;
    private Jdbi undescribed;
    private Handle keepAlive;

    @Setup(Level.Trial)
    public void setUp() {
        jdbi = Jdbi.create("jdbc:h2:mem:store-bench;DB_CLOSE_DELAY=-1", "sa", "").installPlugin(new SqlObjectPlugin());
        keepAlive = jdbi.open();
        keepAlive.execute("""
                CREATE TABLE IF NOT EXISTS api_keys (id VARCHAR(40) PRIMARY KEY, prefix VARCHAR(40) UNIQUE,
                key_hash VARCHAR(100), tenant VARCHAR(100), name VARCHAR(100), created_at BIGINT, revoked_at BIGINT)""");
        keepAlive.execute("MERGE INTO api_keys KEY (id) VALUES ('key_1', 'lk_bench', 'hash', 'bench', NULL, 1, NULL)");
        described = Jdbi.create("jdbc:h2:mem:store-bench", "sa", "").installPlugin(new SqlObjectPlugin());
        Database.describeSqlObjects(described, List.of(AuditDao.class));
        undescribed = Jdbi.create("jdbc:h2:mem:store-bench", "sa", "").installPlugin(new SqlObjectPlugin());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keepAlive.close();
    }

    @Benchmark
    public Optional<ApiKey> apiKeyLookupLatchkey() {
        return ApiKeyDao.findByPrefix(jdbi, "lk_bench");
    }

    @Benchmark
    public Optional<ApiKey> apiKeyLookupAttachedSqlObject() {
        return jdbi.withExtension(AttachedApiKeys.class, keys -> keys.findByPrefix("lk_bench"));
    }

    @Benchmark
    public AuditDao attachOnNewHandleDescribed() {
        return described.withHandle(handle -> handle.attach(AuditDao.class));
    }

    @Benchmark
    public AuditDao attachOnNewHandleUndescribed() {
        return undescribed.withHandle(handle -> handle.attach(AuditDao.class));
    }
}
