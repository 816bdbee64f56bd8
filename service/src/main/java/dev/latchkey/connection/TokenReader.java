package dev.latchkey.connection;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.auth.Caller;
import java.util.Objects;

/** Who reads a connection's access token, as the audit log records it ({@code connection.token_read}). */
public record TokenReader(AuditEntry.ActorType type, String actor) {

    public TokenReader {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
    }

    /** An assistant with an API key: {@code lk_} and the key's prefix. */
    public static TokenReader apiKey(Caller caller) {
        return new TokenReader(AuditEntry.ActorType.API_KEY, "lk_" + caller.keyPrefix());
    }

    /**
     * An MCP client through the gateway, named as its credential: {@code lkg_} and a gateway token's
     * prefix, or {@code oauth:} and the grant of an access token Latchkey issued.
     */
    public static TokenReader gatewayCaller(String actor) {
        return new TokenReader(AuditEntry.ActorType.GATEWAY_TOKEN, actor);
    }
}
