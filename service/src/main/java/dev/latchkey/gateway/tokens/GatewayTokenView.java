package dev.latchkey.gateway.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A gateway token as the API shows it: never its hash. {@code token} is present only in the answer
 * that minted it — shown once, never again. {@code servers} is absent when the token reaches every
 * server of the tenant. Times are RFC 3339 (UTC).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayTokenView(String id, String prefix, String subject, String name, List<String> servers,
                               String status, String expiresAt, String createdAt, String lastUsedAt,
                               String revokedAt, String token) {

    public static GatewayTokenView of(GatewayToken t, Instant now) {
        return new GatewayTokenView(t.id(), t.displayPrefix(), t.subject(), t.name().orElse(null),
                t.servers().isEmpty() ? null : t.servers(), t.status(now).code(), text(t.expiresAt()),
                t.createdAt().toString(), text(t.lastUsedAt()), text(t.revokedAt()), null);
    }

    /** The answer to a mint: the only one that carries the token. */
    public static GatewayTokenView minted(GatewayTokens.Minted minted, Instant now) {
        GatewayTokenView v = of(minted.token(), now);
        return new GatewayTokenView(v.id, v.prefix, v.subject, v.name, v.servers, v.status, v.expiresAt, v.createdAt,
                v.lastUsedAt, v.revokedAt, minted.value());
    }

    private static String text(Optional<Instant> at) {
        return at.map(Instant::toString).orElse(null);
    }

    @Override
    public String toString() {
        return "GatewayTokenView[" + id + " " + prefix + "]";
    }
}
