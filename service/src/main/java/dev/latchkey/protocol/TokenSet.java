package dev.latchkey.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Tokens issued for a connection. Only ever held opened in memory; {@link #toString()} shows none. */
public record TokenSet(String accessToken, String tokenType, Optional<String> refreshToken, Optional<Instant> expiresAt,
                       List<String> scopes) {

    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(tokenType, "tokenType");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = List.copyOf(scopes);
    }

    /** A refresh response may omit the refresh token (keep the old one) and the scope (keep the old ones). */
    public TokenSet refreshedWith(TokenSet next) {
        return new TokenSet(next.accessToken, next.tokenType, next.refreshToken.or(() -> refreshToken), next.expiresAt,
                next.scopes.isEmpty() ? scopes : next.scopes);
    }

    @Override
    public String toString() {
        return "TokenSet[" + tokenType + ", expires " + expiresAt.map(Instant::toString).orElse("unknown")
                + (refreshToken.isPresent() ? ", refreshable" : "") + ", scopes " + scopes + "]";
    }
}
