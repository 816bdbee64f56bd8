package dev.latchkey.connection;

import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Stores the tokens of a finished authorization inside the caller's transaction: a new connection
 * for (tenant, subject, resource, issuer), or the atomic replacement of that triple's old one.
 */
public final class ConnectionWriter {

    private final TokenVault vault;
    private final Clock clock;

    public ConnectionWriter(TokenVault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    /** Who the tokens are for. */
    public record Identity(String tenant, String subject, String serverId, String serverSlug, String serverUrl,
                           String resource, String issuer, String clientRef) {
    }

    /** Writes the connection and returns its id. */
    public String store(Handle handle, Identity who, TokenSet tokens) {
        ConnectionDao dao = handle.attach(ConnectionDao.class);
        Optional<Connection> existing = handle.createQuery("""
                        SELECT * FROM connections
                        WHERE tenant = :tenant AND subject = :subject AND resource = :resource AND issuer = :issuer
                        FOR UPDATE""")
                .bind("tenant", who.tenant()).bind("subject", who.subject())
                .bind("resource", who.resource()).bind("issuer", who.issuer())
                .map(new ConnectionMapper()).findOne();
        String id = existing.map(Connection::id).orElseGet(() -> Ids.mint("con"));
        String sealed = vault.seal(tokens, Connection.aad(id, who.tenant(), who.subject(), who.resource(), who.issuer()));
        ConnectionDao.Authorized row = new ConnectionDao.Authorized(id, who.tenant(), who.subject(), who.serverId(),
                who.serverSlug(), who.serverUrl(), who.resource(), who.issuer(), who.clientRef(),
                String.join(" ", tokens.scopes()), sealed, Sealer.keyId(sealed),
                tokens.expiresAt().map(Instant::toEpochMilli).orElse(null), tokens.refreshToken().isPresent(),
                clock.millis());
        if (existing.isPresent()) {
            dao.replace(row);
        } else {
            dao.insert(row);
        }
        return id;
    }
}
