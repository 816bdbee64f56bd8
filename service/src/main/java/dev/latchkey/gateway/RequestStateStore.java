package dev.latchkey.gateway;

import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Single use of the gateway's request states: the first presentation of a state id is recorded, any
 * later one is a replay. The primary key decides, so two retries racing with one state cannot both win.
 */
final class RequestStateStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(RequestStateDao.class);

    /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    RequestStateStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records the state id as used at {@code now}; false when it was used before. */
    boolean useOnce(String stateId, long now, long expiresAt) {
        try {
            jdbi.useExtension(RequestStateDao.class, dao -> dao.insert(stateId, now, expiresAt));
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Forgets the states that expired before {@code now} (they are refused as expired anyway). */
    int deleteExpired(long now) {
        return jdbi.withExtension(RequestStateDao.class, dao -> dao.deleteExpired(now));
    }
}
