package dev.latchkey.idempotency;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The {@code idempotency_keys} rows: claims, their kept answers, take-overs and expiry. */
final class IdempotencyStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(IdempotencyDao.class);

    /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    IdempotencyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts the claim; false when the tenant's key is claimed already (the unique index decides). */
    boolean claim(String id, String tenant, String keyDigest, String requestDigest, long now, long expiresAt) {
        try {
            jdbi.useExtension(IdempotencyDao.class, dao -> dao.claim(id, tenant, keyDigest, requestDigest, now,
                    expiresAt));
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    Optional<IdempotencyRow> find(String tenant, String keyDigest) {
        return jdbi.withExtension(IdempotencyDao.class, dao -> dao.find(tenant, keyDigest));
    }

    void complete(String id, long now, int status, String location, String contentType, String sealed) {
        jdbi.useExtension(IdempotencyDao.class, dao -> dao.complete(id, now, status, location, contentType, sealed));
    }

    boolean takeOver(String id, long claimedAt, long now) {
        return jdbi.withExtension(IdempotencyDao.class, dao -> dao.takeOver(id, claimedAt, now)) == 1;
    }

    void release(String id) {
        jdbi.useExtension(IdempotencyDao.class, dao -> dao.release(id));
    }

    int deleteExpired(long now) {
        return jdbi.withExtension(IdempotencyDao.class, dao -> dao.deleteExpired(now));
    }
}
