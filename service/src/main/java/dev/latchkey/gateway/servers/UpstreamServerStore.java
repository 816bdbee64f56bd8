package dev.latchkey.gateway.servers;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The way to the {@code upstream_servers} table. A registration and a deletion each run in one
 * transaction with {@code alongside} (the audit record of who made it).
 */
final class UpstreamServerStore {

    /** How often a registration looks again after losing a race for its URL or slug to another one. */
    private static final int ATTEMPTS = 5;

    private final Jdbi jdbi;

    UpstreamServerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What a registration found: the new server, or the one already registered with that URL. */
    record Registration(UpstreamServer server, boolean created) {
    }

    /**
     * Registers {@code url} for the tenant under the first free slug of {@code baseSlug},
     * {@code baseSlug-2}, {@code baseSlug-3}…, unless the tenant has registered that URL already.
     * {@code slugFor} picks the free slug from the tenant's slugs that start with the base.
     */
    Registration register(String id, String tenant, String name, String url, String baseSlug, long now,
                          Function<List<String>, String> slugFor, BiConsumer<Handle, UpstreamServer> alongside) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(h -> {
                    UpstreamServerDao dao = h.attach(UpstreamServerDao.class);
                    Optional<UpstreamServer> existing = dao.findByUrl(tenant, url);
                    if (existing.isPresent()) {
                        return new Registration(existing.get(), false);
                    }
                    String slug = slugFor.apply(dao.slugsLike(tenant, baseSlug, baseSlug + "-%"));
                    UpstreamServer server = new UpstreamServer(id, tenant, name, url, slug, now);
                    dao.insert(id, tenant, name, url, slug, now);
                    alongside.accept(h, server);
                    return new Registration(server, true);
                });
            } catch (UnableToExecuteStatementException e) {
                // A concurrent registration took the URL or the slug first: the next attempt sees it.
                if (!uniqueViolation(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    Optional<UpstreamServer> find(String tenant, String id) {
        return jdbi.withExtension(UpstreamServerDao.class, dao -> dao.find(tenant, id));
    }

    Optional<UpstreamServer> findBySlug(String tenant, String slug) {
        return jdbi.withHandle(handle -> UpstreamServerDao.findBySlug(handle, tenant, slug));
    }

    /** Up to {@code limit} of a tenant's servers, newest first, after the keyset position (at, cursorId). */
    List<UpstreamServer> page(String tenant, long at, String cursorId, int limit) {
        return jdbi.withExtension(UpstreamServerDao.class, dao -> dao.page(tenant, at, cursorId, limit));
    }

    /** As {@link #page} over every tenant, optionally only one tenant's or one slug's. */
    List<UpstreamServer> pageAll(Optional<String> tenant, Optional<String> slug, long at, String cursorId,
                                 int limit) {
        return jdbi.withExtension(UpstreamServerDao.class, dao -> dao.pageAll(tenant.orElse(null),
                slug.orElse(null), at, cursorId, limit));
    }

    /** Deletes the tenant's server, with {@code alongside} in the same transaction; false when there was none. */
    boolean delete(String tenant, String id, BiConsumer<Handle, UpstreamServer> alongside) {
        return jdbi.inTransaction(h -> {
            UpstreamServerDao dao = h.attach(UpstreamServerDao.class);
            Optional<UpstreamServer> server = dao.find(tenant, id);
            if (server.isEmpty() || dao.delete(tenant, id) == 0) {
                return false;
            }
            alongside.accept(h, server.get());
            return true;
        });
    }

    private static boolean uniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }
}
