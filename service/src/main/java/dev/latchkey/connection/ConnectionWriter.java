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
                           String resource, String publishedResource, String issuer, String clientRef) {
    }

    /** Writes the connection (Bearer tokens) and returns its id. */
    public String store(Handle handle, Identity who, TokenSet tokens) {
        return store(handle, who, tokens, Optional.empty());
    }

    /** Writes the connection, its tokens bound to the DPoP key {@code dpopJkt} names if any, and returns its id. */
    public String store(Handle handle, Identity who, TokenSet tokens, Optional<String> dpopJkt) {
        Optional<Connection> existing = ConnectionStore.lockIdentity(handle, who.tenant(), who.subject(),
                who.resource(), who.issuer());
        String id = existing.map(Connection::id).orElseGet(() -> Ids.mint("con"));
        String sealed = vault.seal(tokens, Connection.aad(id, who.tenant(), who.subject(), who.resource(), who.issuer()));
        ConnectionDao.Authorized row = new ConnectionDao.Authorized(id, who.tenant(), who.subject(), who.serverId(),
                who.serverSlug(), who.serverUrl(), who.resource(), who.publishedResource(), who.issuer(), who.clientRef(),
                String.join(" ", tokens.scopes()), sealed, Sealer.keyId(sealed),
                tokens.expiresAt().map(Instant::toEpochMilli).orElse(null), tokens.refreshToken().isPresent(),
                clock.millis(), dpopJkt.orElse(null));
        ConnectionStore.writeAuthorized(handle, row, existing.isPresent());
        return id;
    }
}
