package dev.latchkey.auth;

import dev.latchkey.store.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates, finds and revokes API keys. A key is {@code lk_<prefix>_<secret>} with a 256-bit
 * secret; only SHA-256 of the whole key is stored. A fast hash is right here: the key is random,
 * not a password, and it is checked on every request.
 */
public final class ApiKeys {

    /** The SQL objects behind API keys, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = ApiKeyStore.SQL_OBJECTS;

    private static final Pattern FORMAT = Pattern.compile("lk_([a-z2-7]{10})_([A-Za-z0-9_-]{43})");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final SecureRandom RANDOM = new SecureRandom();

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
        String prefix = Ids.randomBase32(10);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "lk_" + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = Ids.mint("key");
        long now = clock.millis();
        ApiKey stored = store.insert(id, prefix, hash(key), tenant, name, now);
        return new Created(stored, key);
    }

    /** The caller a presented key stands for, if it is well-formed, known and not revoked. */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return store.findByPrefix(matcher.group(1))
                .filter(key -> !key.isRevoked())
                .filter(key -> MessageDigest.isEqual(key.keyHash().getBytes(StandardCharsets.US_ASCII),
                        hash(presented).getBytes(StandardCharsets.US_ASCII)))
                .map(key -> new Caller(key.tenant(), key.prefix()));
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

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
