package dev.latchkey.gateway.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is stored of a gateway token: never the token itself, only its public prefix and its hash.
 * {@code servers} lists the upstream servers the token may reach, as they were given when it was
 * minted (empty: every server of the tenant).
 */
public record GatewayToken(String id, String prefix, String tokenHash, String tenant, String subject,
                           Optional<String> name, List<String> servers, Optional<Instant> expiresAt,
                           Instant createdAt, Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {

    public GatewayToken {
        servers = List.copyOf(servers);
    }

    /** How a token stands at {@code now}: revoked wins over expired. */
    public enum Status { ACTIVE, EXPIRED, REVOKED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Status status(Instant now) {
        if (revokedAt.isPresent()) {
            return Status.REVOKED;
        }
        return expiresAt.filter(at -> !now.isBefore(at)).isPresent() ? Status.EXPIRED : Status.ACTIVE;
    }

    /** The prefix as shown to people, with the token's lead: {@code lkg_abcdefghij}. */
    public String displayPrefix() {
        return GatewayTokens.LEAD + "_" + prefix;
    }

    @Override
    public String toString() {
        return "GatewayToken[" + id + " " + displayPrefix() + "]";
    }
}
