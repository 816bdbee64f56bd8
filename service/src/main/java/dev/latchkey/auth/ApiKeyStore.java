package dev.latchkey.auth;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The way to the api_keys table: keys stored by their hash, found by prefix, listed and revoked. */
final class ApiKeyStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(ApiKeyDao.class);

    private final Jdbi jdbi;

    ApiKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new key (its hash only) and returns it as read back. */
    ApiKey insert(String id, String prefix, String keyHash, String tenant, Optional<String> name, long now) {
        jdbi.useExtension(ApiKeyDao.class, dao -> dao.insert(id, prefix, keyHash, tenant, name.orElse(null), now));
        return findByPrefix(prefix).orElseThrow();
    }

    Optional<ApiKey> findByPrefix(String prefix) {
        return ApiKeyDao.findByPrefix(jdbi, prefix);
    }

    /** Every key, or one tenant's. */
    List<ApiKey> list(Optional<String> tenant) {
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.list(tenant.orElse(null)));
    }

    /** Whether any key is live, without reading them. */
    boolean anyLive() {
        return jdbi.withExtension(ApiKeyDao.class, ApiKeyDao::anyLive) > 0;
    }

    /** Revokes the live key with this prefix; false when there is none. */
    boolean revoke(String prefix, long now) {
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.revoke(prefix, now)) == 1;
    }
}
