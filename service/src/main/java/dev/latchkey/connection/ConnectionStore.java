package dev.latchkey.connection;

import dev.latchkey.event.EventDraft;
import dev.latchkey.event.EventTypes;
import dev.latchkey.event.EventWriter;
import dev.latchkey.protocol.TokenSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The way to the connections table for reads, revocation and the refresh lease. The row of a
 * finished authorization is written by {@link ConnectionWriter} inside the flow's transaction, and
 * a refresh's outcome by {@link RefreshOutcomeStore}.
 */
public final class ConnectionStore {

    /** The SQL objects this store attaches, described once at start-up. */
    public static final List<Class<?>> SQL_OBJECTS = List.of(ConnectionDao.class);

    private final Jdbi jdbi;

    public ConnectionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Connection> find(String id) {
        return jdbi.withExtension(ConnectionDao.class, dao -> dao.find(id));
    }

    /** How many active connections hold tokens bound to the DPoP key with this thumbprint. */
    public long activeBoundTo(String dpopJkt) {
        return jdbi.withExtension(ConnectionDao.class, dao -> dao.countActiveBoundTo(dpopJkt));
    }

    /** The connection, if it is this tenant's. */
    public Optional<Connection> find(String tenant, String id) {
        return ConnectionDao.find(jdbi, tenant, id);
    }

    /** The connection of one (tenant, subject, resource, issuer), whatever its status. */
    public Optional<Connection> findIdentity(String tenant, String subject, String resource, String issuer) {
        return jdbi.withExtension(ConnectionDao.class, dao -> dao.findIdentity(tenant, subject, resource, issuer));
    }

    /** A subject's connections to a resource, with any authorization server, most recently updated first. */
    public List<Connection> findForResource(String tenant, String subject, String resource) {
        return ConnectionDao.findForResource(jdbi, tenant, subject, resource);
    }

    /** One page of a tenant's connections, newest first, from the keyset position (at, cursorId). */
    public List<Connection> page(String tenant, long at, String cursorId, Optional<String> subject,
                                 Optional<String> resource, Optional<ConnectionStatus> status, int limit) {
        return jdbi.withExtension(ConnectionDao.class, dao -> dao.page(tenant, at, cursorId, subject.orElse(null),
                resource.orElse(null), status.map(ConnectionStatus::code).orElse(null), limit));
    }

    /**
     * In one transaction: the tokens destroyed, the {@code connection_revoked} event, and
     * {@code alongside}. False (nothing written) when the connection was revoked meanwhile.
     */
    public boolean revoke(Connection connection, String reason, long now, EventWriter events,
                          Consumer<Handle> alongside) {
        return jdbi.inTransaction(handle -> {
            if (handle.attach(ConnectionDao.class).revoke(connection.id(), reason, now) == 0) {
                return false;
            }
            events.append(handle, EventDraft.aboutConnection(EventTypes.CONNECTION_REVOKED,
                    connection.eventSubject(), connection.id(), Map.of()));
            alongside.accept(handle);
            return true;
        });
    }

    /**
     * The connection of one (tenant, subject, resource, issuer), locked for the rest of the caller's
     * transaction so that two authorizations of the same identity write one row.
     */
    static Optional<Connection> lockIdentity(Handle handle, String tenant, String subject, String resource,
                                             String issuer) {
        return handle.createQuery("""
                        SELECT * FROM connections
                        WHERE tenant = :tenant AND subject = :subject AND resource = :resource AND issuer = :issuer
                        FOR UPDATE""")
                .bind("tenant", tenant).bind("subject", subject)
                .bind("resource", resource).bind("issuer", issuer)
                .map(new ConnectionMapper()).findOne();
    }

    /** Writes an authorized connection's row in the caller's transaction: a new one, or over the existing one. */
    static void writeAuthorized(Handle handle, ConnectionDao.Authorized row, boolean replacing) {
        ConnectionDao dao = handle.attach(ConnectionDao.class);
        if (replacing) {
            dao.replace(row);
        } else {
            dao.insert(row);
        }
    }

    /** Writes {@code tokens} as the connection of {@code who}, in a transaction of its own; returns its id. */
    public String writeTokens(ConnectionWriter writer, ConnectionWriter.Identity who, TokenSet tokens) {
        return jdbi.inTransaction(handle -> writer.store(handle, who, tokens));
    }

    /**
     * Takes the connection's refresh lease until {@code until}, if the row is still at the version
     * seen and no other instance holds an unexpired lease: one winner on any database.
     */
    public boolean takeRefreshLease(Connection connection, long now, long until) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE connections SET refresh_lease_until = :until
                        WHERE id = :id AND version = :version
                          AND (refresh_lease_until IS NULL OR refresh_lease_until < :now)""")
                .bind("until", until).bind("id", connection.id())
                .bind("version", connection.version()).bind("now", now).execute()) == 1;
    }
}
