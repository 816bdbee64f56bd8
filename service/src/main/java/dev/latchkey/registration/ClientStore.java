package dev.latchkey.registration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.security.SealedValueException;
import dev.latchkey.security.Sealer;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered_clients rows: read and opened (secrets sealed at rest), leased, completed, deleted;
 * and the clients used a moment ago, kept so that a warm flow start reads no row.
 */
final class ClientStore {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStore.class);
    /** The SQL objects this store attaches, described once at start-up. */
    static final List<Class<?>> SQL_OBJECTS = List.of(RegisteredClientDao.class);
    /**
     * How long a used client is remembered. Another instance's deletion reaches this one within
     * that time; every other check (secret expiry, metadata document, plugins' credentials) still
     * runs on each use.
     */
    static final Duration RECENT_TTL = Duration.ofSeconds(10);

    /** A stored client as read, and opened. */
    record Recent(RegisteredClientRow row, RegisteredClient client) {
    }

    private final Jdbi jdbi;
    private final Sealer sealer;
    private final Clock clock;
    /** By (issuer, redirect URI): see {@link #pair}. */
    private final Cache<String, Recent> recentlyUsed;

    ClientStore(Jdbi jdbi, Sealer sealer, Clock clock) {
        this.jdbi = jdbi;
        this.sealer = sealer;
        this.clock = clock;
        this.recentlyUsed = Caffeine.newBuilder()
                .expireAfterWrite(RECENT_TTL)
                .maximumSize(10_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** What a registered client's sealed secret is bound to. */
    static String secretAad(String clientRef) {
        return "client:" + clientRef;
    }

    /** The key a used client is remembered under. */
    private static String pair(String issuer, URI redirectUri) {
        return issuer + " " + redirectUri;
    }

    Optional<Recent> recent(String issuer, URI redirectUri) {
        return Optional.ofNullable(recentlyUsed.getIfPresent(pair(issuer, redirectUri)));
    }

    void remember(RegisteredClientRow row, RegisteredClient client) {
        recentlyUsed.put(pair(client.issuer(), client.redirectUri()), new Recent(row, client));
    }

    private void forget(String ref) {
        recentlyUsed.asMap().values().removeIf(recent -> recent.row().id().equals(ref));
    }

    /** The stored client (or lease) for this issuer under the first of these redirect URIs that has one. */
    Optional<RegisteredClientRow> find(String issuer, List<URI> redirectUris) {
        return dao(d -> {
            for (URI redirectUri : redirectUris) {
                Optional<RegisteredClientRow> row = d.find(issuer, redirectUri.toString());
                if (row.isPresent()) {
                    return row;
                }
            }
            return Optional.<RegisteredClientRow>empty();
        });
    }

    /** An active client by its reference, with its secret opened. */
    Optional<RegisteredClient> findActive(String ref) {
        return dao(d -> d.findById(ref)).filter(RegisteredClientRow::active).flatMap(this::opened);
    }

    /** Deletes the client (or lease) and forgets it; false when there was no such row. */
    boolean delete(String ref) {
        forget(ref);
        return dao(d -> d.delete(ref)) > 0;
    }

    /** As {@link #delete(String)}, with {@code alongside} in the same transaction when a row was deleted. */
    boolean delete(String ref, Consumer<Handle> alongside) {
        forget(ref);
        return jdbi.inTransaction(handle -> {
            if (handle.attach(RegisteredClientDao.class).delete(ref) == 0) {
                return false;
            }
            alongside.accept(handle);
            return true;
        });
    }

    /** Inserts a lease row for the pair, held for {@code leaseMillis}; false when another instance holds it. */
    boolean insertLease(String id, String issuer, URI redirectUri, RegisteredClient.Method method, long leaseMillis) {
        long now = clock.millis();
        try {
            dao(d -> {
                d.insertLease(id, issuer, redirectUri.toString(), method.code(), now + leaseMillis, now);
                return null;
            });
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Takes over a lease whose holder died; only one caller wins. */
    void deleteStaleLease(String id, long leaseUntil) {
        dao(d -> d.deleteStaleLease(id, leaseUntil));
    }

    /**
     * Turns the held lease into the issued client, its secret sealed, and remembers it. Empty when
     * the lease was taken away meanwhile.
     */
    Optional<RegisteredClient> complete(String id, String issuer, URI redirectUri, Issued issued) {
        String sealed = issued.clientSecret().map(secret -> sealer.seal(secret, secretAad(id))).orElse(null);
        Long expires = issued.secretExpiresAt().map(Instant::toEpochMilli).orElse(null);
        int done = dao(d -> d.complete(id, issued.method().code(), issued.clientId(), sealed, issued.authMethod(),
                expires, clock.millis()));
        if (done == 0) {
            return Optional.empty();
        }
        long createdAt = clock.millis();
        RegisteredClient client = new RegisteredClient(id, issuer, redirectUri, issued.method(), issued.clientId(),
                issued.clientSecret(), issued.authMethod(), issued.secretExpiresAt(), Instant.ofEpochMilli(createdAt));
        remember(new RegisteredClientRow(id, issuer, redirectUri.toString(), RegisteredClientRow.ACTIVE,
                issued.method().code(), Optional.of(issued.clientId()), Optional.ofNullable(sealed),
                Optional.of(issued.authMethod()), Optional.ofNullable(expires), Optional.empty(), createdAt), client);
        return Optional.of(client);
    }

    /** The row's client with its secret opened; empty (and logged) when the current keys cannot open it. */
    Optional<RegisteredClient> opened(RegisteredClientRow row) {
        try {
            Optional<String> secret = row.secretSealed().map(sealed -> sealer.openString(sealed, secretAad(row.id())));
            return Optional.of(new RegisteredClient(row.id(), row.issuer(), URI.create(row.redirectUri()),
                    RegisteredClient.Method.fromCode(row.method()), row.clientId().orElseThrow(), secret,
                    row.authMethod().orElse("none"), row.secretExpiresAt().filter(at -> at > 0).map(Instant::ofEpochMilli),
                    Instant.ofEpochMilli(row.createdAt())));
        } catch (SealedValueException e) {
            LOG.warn("the stored secret of client {} does not open: {}", row.id(), e.getMessage());
            return Optional.empty();
        }
    }

    private <T> T dao(java.util.function.Function<RegisteredClientDao, T> work) {
        return jdbi.withExtension(RegisteredClientDao.class, work::apply);
    }
}
