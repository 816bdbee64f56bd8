package dev.latchkey.gateway.tokens;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The way to the {@code gateway_tokens} table: tokens stored by their hash, found by prefix, paged,
 * revoked. Each change runs in one transaction with {@code alongside} (the audit record of who made it).
 */
final class GatewayTokenStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(GatewayTokenDao.class);

    private final Jdbi jdbi;

    GatewayTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new token (its hash only), with {@code alongside}, and returns it as read back. */
    GatewayToken insert(String id, String prefix, String hash, String tenant, String subject, Optional<String> name,
                        List<String> servers, Optional<Long> expiresAt, long now, Consumer<Handle> alongside) {
        return jdbi.inTransaction(h -> {
            GatewayTokenDao dao = h.attach(GatewayTokenDao.class);
            dao.insert(id, prefix, hash, tenant, subject, name.orElse(null), GatewayTokenMapper.stored(servers),
                    expiresAt.orElse(null), now);
            alongside.accept(h);
            return dao.find(tenant, id).orElseThrow();
        });
    }

    Optional<GatewayToken> findByPrefix(String prefix) {
        return jdbi.withHandle(h -> GatewayTokenDao.findByPrefix(h, prefix));
    }

    Optional<GatewayToken> find(String tenant, String id) {
        return jdbi.withExtension(GatewayTokenDao.class, dao -> dao.find(tenant, id));
    }

    /** One tenant's tokens after the cursor position, newest first, at most {@code limit}. */
    List<GatewayToken> page(String tenant, Optional<String> subject, long at, String cursorId, int limit) {
        return jdbi.withExtension(GatewayTokenDao.class, dao -> dao.page(tenant, at, cursorId, subject.orElse(null),
                limit));
    }

    /** Every tenant's tokens (or one tenant's), for operators. */
    List<GatewayToken> pageAllTenants(Optional<String> tenant, Optional<String> subject, long at, String cursorId,
                                      int limit) {
        return jdbi.withExtension(GatewayTokenDao.class, dao -> dao.pageAllTenants(tenant.orElse(null),
                subject.orElse(null), at, cursorId, limit));
    }

    /**
     * Revokes a live token of any tenant, with {@code alongside} in the same transaction; false when
     * it is unknown or already revoked.
     */
    boolean revoke(String id, long now, BiConsumer<Handle, GatewayToken> alongside) {
        return jdbi.inTransaction(h -> {
            GatewayTokenDao dao = h.attach(GatewayTokenDao.class);
            Optional<GatewayToken> token = dao.findAnyTenant(id);
            if (token.isEmpty() || dao.revoke(id, now) == 0) {
                return false;
            }
            alongside.accept(h, token.get());
            return true;
        });
    }

    /** Records a use at {@code now} unless one was recorded after {@code since}. */
    void touch(String id, long now, long since) {
        jdbi.useHandle(h -> GatewayTokenDao.touch(h, id, now, since));
    }
}
