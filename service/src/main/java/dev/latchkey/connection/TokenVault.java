package dev.latchkey.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.Sealer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Seals token sets with AES-256-GCM, bound to the connection's identity; opens them again. */
public final class TokenVault {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sealer sealer;

    public TokenVault(Sealer sealer) {
        this.sealer = sealer;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(String accessToken, String tokenType, String refreshToken, Long expiresAt, List<String> scopes) {
    }

    public String seal(TokenSet tokens, String aad) {
        Stored stored = new Stored(tokens.accessToken(), tokens.tokenType(), tokens.refreshToken().orElse(null),
                tokens.expiresAt().map(Instant::toEpochMilli).orElse(null), tokens.scopes());
        try {
            return sealer.seal(JSON.writeValueAsBytes(stored), aad);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise tokens", e);
        }
    }

    /** Opens a sealed token set; fails with SealedValueException when it does not belong to this identity. */
    public TokenSet open(String sealed, String aad) {
        try {
            Stored stored = JSON.readValue(sealer.open(sealed, aad), Stored.class);
            return new TokenSet(stored.accessToken(), stored.tokenType(), Optional.ofNullable(stored.refreshToken()),
                    Optional.ofNullable(stored.expiresAt()).map(Instant::ofEpochMilli),
                    stored.scopes() == null ? List.of() : stored.scopes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored tokens are unreadable");
        }
    }
}
