package dev.latchkey.signin;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The way to the {@code user_sessions} table; a change runs in one transaction with its audit record. */
final class UserSessionStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(UserSessionDao.class);

    private final Jdbi jdbi;

    UserSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new session and returns it as read back. */
    UserSession insert(String id, String secretHash, String tenant, String provider, String subject,
                       String displayName, long now, long expiresAt) {
        return jdbi.inTransaction(h -> {
            UserSessionDao dao = h.attach(UserSessionDao.class);
            dao.insert(id, secretHash, tenant, provider, subject, displayName, now, expiresAt);
            return dao.find(id).orElseThrow();
        });
    }

    Optional<UserSession> find(String id) {
        return jdbi.withExtension(UserSessionDao.class, dao -> dao.find(id));
    }

    List<UserSession> page(Optional<String> tenant, Optional<String> subject, long at, String cursorId, int limit) {
        return jdbi.withExtension(UserSessionDao.class, dao -> dao.page(tenant.orElse(null), subject.orElse(null), at,
                cursorId, limit));
    }

    /** Ends a live session, with {@code alongside} in the same transaction; false when it was not live. */
    boolean end(String id, long now, BiConsumer<Handle, UserSession> alongside) {
        return jdbi.inTransaction(h -> {
            UserSessionDao dao = h.attach(UserSessionDao.class);
            Optional<UserSession> session = dao.find(id);
            if (session.isEmpty() || dao.end(id, now) == 0) {
                return false;
            }
            alongside.accept(h, session.get());
            return true;
        });
    }

    void touch(String id, long now, long since) {
        jdbi.useExtension(UserSessionDao.class, dao -> dao.touch(id, now, since));
    }

    int purge(long before) {
        return jdbi.withExtension(UserSessionDao.class, dao -> dao.purge(before));
    }
}
