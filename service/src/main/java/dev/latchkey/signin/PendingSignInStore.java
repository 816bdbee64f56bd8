package dev.latchkey.signin;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The way to {@code pending_sign_ins}. */
final class PendingSignInStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(PendingSignInDao.class);

    private final Jdbi jdbi;

    PendingSignInStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(PendingSignIn pending) {
        jdbi.useExtension(PendingSignInDao.class, dao -> dao.insert(pending.stateHash(), pending.browserHash(),
                pending.provider(), pending.secretsSealed(), pending.continueTo(), pending.createdAt().toEpochMilli(),
                pending.expiresAt().toEpochMilli()));
    }

    /**
     * Takes the pending sign-in with this state hash: read and deleted in one transaction, and only
     * the caller whose delete removed the row gets it, so a state is used once even when two
     * requests race.
     */
    Optional<PendingSignIn> take(String stateHash) {
        return jdbi.inTransaction(h -> {
            PendingSignInDao dao = h.attach(PendingSignInDao.class);
            Optional<PendingSignIn> found = dao.find(stateHash);
            return found.isPresent() && dao.delete(stateHash) == 1 ? found : Optional.empty();
        });
    }

    int purge(long now) {
        return jdbi.withExtension(PendingSignInDao.class, dao -> dao.purge(now));
    }
}
