package dev.latchkey.issuer;

import dev.latchkey.store.Ids;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** The way to the {@code oauth_consents} table; withdrawing a consent also revokes its user's grants for the client. */
final class ConsentStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(ConsentDao.class);

    private final Jdbi jdbi;

    ConsentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<Consent> find(String tenant, String subject, String clientId, String resource) {
        return jdbi.withExtension(ConsentDao.class, dao -> dao.find(tenant, subject, clientId, resource));
    }

    /** Remembers the scopes (added to any remembered before) and returns the consent as stored. */
    Consent remember(String tenant, String subject, String clientId, String resource, List<String> scopes,
                     Instant now) {
        return jdbi.inTransaction(h -> {
            ConsentDao dao = h.attach(ConsentDao.class);
            Optional<Consent> earlier = dao.find(tenant, subject, clientId, resource);
            if (earlier.isPresent()) {
                Set<String> union = new LinkedHashSet<>(earlier.get().scopes());
                union.addAll(scopes);
                dao.update(earlier.get().id(), McpClientMapper.stored(List.copyOf(union)), now.toEpochMilli());
            } else {
                dao.insert(Ids.mint("cns"), tenant, subject, clientId, resource, McpClientMapper.stored(scopes),
                        now.toEpochMilli());
            }
            return dao.find(tenant, subject, clientId, resource).orElseThrow();
        });
    }

    /**
     * Forgets one of a user's consents and revokes that user's grants for its client, in one transaction;
     * empty when the user has no such consent.
     */
    Optional<Consent> withdraw(String tenant, String subject, String id, Instant now) {
        return jdbi.inTransaction(h -> {
            ConsentDao dao = h.attach(ConsentDao.class);
            Optional<Consent> consent = dao.findOfUser(tenant, subject, id);
            consent.ifPresent(c -> {
                dao.delete(c.id());
                h.attach(GrantDao.class).revokeGrantsOf(tenant, subject, c.clientId(), now.toEpochMilli(),
                        Grant.Revocation.CONSENT_WITHDRAWN.code());
            });
            return consent;
        });
    }

    List<Consent> pageOfUser(String tenant, String subject, long at, String cursorId, int limit) {
        return jdbi.withExtension(ConsentDao.class, dao -> dao.pageOfUser(tenant, subject, at, cursorId, limit));
    }
}
