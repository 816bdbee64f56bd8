package dev.latchkey.auth;

import dev.latchkey.store.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates, finds and revokes API keys. A key is {@code lk_<prefix>_<secret>} with a 256-bit
 * secret; only SHA-256 of the whole key is stored ({@link BearerSecrets}).
 */
public final class ApiKeys {

    /** The SQL objects behind API keys, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = ApiKeyStore.SQL_OBJECTS;

    private static final BearerSecrets KEYS = new BearerSecrets("lk");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final ApiKeyStore store;
    private final Clock clock;

    public ApiKeys(Jdbi jdbi, Clock clock) {
        this.store = new ApiKeyStore(jdbi);
        this.clock = clock;
    }

    /** A newly created key: {@code secret} is shown once and never stored. */
    public record Created(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "Created[" + key.prefix() + "]";
        }
    }

    public Created create(String tenant, Optional<String> name) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException(
                    "a tenant name is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        BearerSecrets.Minted key = KEYS.mint();
        String id = Ids.mint("key");
        long now = clock.millis();
        ApiKey stored = store.insert(id, key.prefix(), key.hash(), tenant, name, now);
        return new Created(stored, key.value());
    }

    /** The caller a presented key stands for, if it is well-formed, known and not revoked. */
    public Optional<Caller> authenticate(String presented) {
        return KEYS.prefixOf(presented).flatMap(store::findByPrefix)
                .filter(key -> !key.isRevoked())
                .filter(key -> BearerSecrets.matches(key.keyHash(), presented))
                .map(key -> new Caller(key.tenant(), key.prefix()));
    }

    /** Whether any live key exists (the first start's guide asks; it must not read every key). */
    public boolean anyLive() {
        return store.anyLive();
    }

    public List<ApiKey> list(Optional<String> tenant) {
        return store.list(tenant);
    }

    /** Revokes by prefix (with or without the {@code lk_} lead); false when no live key has it. */
    public boolean revoke(String prefix) {
        String bare = prefix.startsWith("lk_") ? prefix.substring(3) : prefix;
        if (bare.contains("_")) {
            bare = bare.substring(0, bare.indexOf('_'));
        }
        return store.revoke(bare, clock.millis());
    }
}
