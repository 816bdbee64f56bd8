package dev.latchkey.webhook;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The way to the webhooks table. Each change runs in one transaction with {@code alongside} (the
 * audit record of who made it).
 */
final class WebhookStore {

    private final Jdbi jdbi;

    WebhookStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(String id, String tenant, String url, List<String> types, boolean enabled, String secretSealed,
                long now, Consumer<Handle> alongside) {
        jdbi.useTransaction(h -> {
            h.attach(WebhookDao.class).insert(id, tenant, url, WebhookMapper.stored(types), enabled, secretSealed, now);
            alongside.accept(h);
        });
    }

    List<Webhook> page(String tenant, long at, String cursorId, int limit) {
        return jdbi.withExtension(WebhookDao.class, dao -> dao.page(tenant, at, cursorId, limit));
    }

    Optional<Webhook> find(String tenant, String id) {
        return jdbi.withExtension(WebhookDao.class, dao -> dao.find(tenant, id));
    }

    /** A webhook of any tenant, deleted or not. */
    Optional<Webhook> findAnyTenant(String id) {
        return jdbi.withExtension(WebhookDao.class, dao -> dao.findAnyTenant(id));
    }

    void update(String tenant, String id, String url, List<String> types, boolean enabled, long now,
                Consumer<Handle> alongside) {
        jdbi.useTransaction(h -> {
            h.attach(WebhookDao.class).update(tenant, id, url, WebhookMapper.stored(types), enabled, now);
            alongside.accept(h);
        });
    }

    void delete(String tenant, String id, long now, Consumer<Handle> alongside) {
        jdbi.useTransaction(h -> {
            h.attach(WebhookDao.class).delete(tenant, id, now);
            alongside.accept(h);
        });
    }

    void rotate(String tenant, String id, String secretSealed, long previousUntil, long now,
                Consumer<Handle> alongside) {
        jdbi.useTransaction(h -> {
            h.attach(WebhookDao.class).rotate(tenant, id, secretSealed, previousUntil, now);
            alongside.accept(h);
        });
    }

    /**
     * Disables an enabled webhook of any tenant, with {@code alongside} in the same transaction;
     * false when it is unknown, deleted or already disabled.
     */
    boolean disableIfEnabled(String id, String reason, long now, BiConsumer<Handle, Webhook> alongside) {
        return jdbi.inTransaction(h -> {
            WebhookDao dao = h.attach(WebhookDao.class);
            Optional<Webhook> webhook = dao.findAnyTenant(id);
            if (webhook.isEmpty() || dao.disableIfEnabled(id, reason, now) == 0) {
                return false;
            }
            alongside.accept(h, webhook.get());
            return true;
        });
    }

    /** Disables the webhook whatever its state (its endpoint is gone). */
    void disable(String id, String reason, long now) {
        jdbi.useExtension(WebhookDao.class, dao -> dao.disable(id, reason, now));
    }
}
