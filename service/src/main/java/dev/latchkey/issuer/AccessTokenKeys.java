package dev.latchkey.issuer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.latchkey.security.KeyEntry;
import dev.latchkey.security.KeyringSource;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyring's access token keys (use {@code at}, EC P-256): the active one signs new tokens; every key
 * that is not retired verifies and is published at {@code /oauth/jwks}, so a rotation does not end the
 * tokens signed just before it.
 */
final class AccessTokenKeys {

    private final KeyringSource keys;
    private final Map<String, ECKey> opened = new ConcurrentHashMap<>();

    AccessTokenKeys(KeyringSource keys) {
        this.keys = keys;
    }

    /** Refuses to start an authorization server whose keyring cannot sign its tokens. */
    static void requirePresent(KeyringSource keys) {
        if (keys.activeIfAny(dev.latchkey.security.KeyUse.ACCESS_TOKEN).isEmpty()) {
            throw new IllegalStateException("authorizationServer is enabled, but the keyring has no access token key:"
                    + " add one with `keys rotate --use at <config file>`, then start again");
        }
    }

    /** The private key new tokens are signed with. */
    Optional<ECKey> active() {
        return keys.activeIfAny(dev.latchkey.security.KeyUse.ACCESS_TOKEN).map(this::open);
    }

    /** The public keys of every usable access token key. */
    JWKSet publicKeys() {
        List<ECKey> usable = keys.current().keys().stream()
                .filter(k -> k.use() == dev.latchkey.security.KeyUse.ACCESS_TOKEN && !k.isRetired())
                .map(this::open).map(ECKey::toPublicJWK).toList();
        return new JWKSet(List.copyOf(usable));
    }

    private ECKey open(KeyEntry entry) {
        return opened.computeIfAbsent(entry.kid(), kid -> {
            try {
                ECKey jwk = ECKey.parse(new String(entry.material(), StandardCharsets.UTF_8));
                if (!Curve.P_256.equals(jwk.getCurve()) || !jwk.isPrivate()) {
                    throw new IllegalArgumentException("access token key " + kid + " is not a private P-256 key");
                }
                return new ECKey.Builder(jwk).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
            } catch (ParseException e) {
                // The parser's message may quote key material: do not pass it on.
                throw new IllegalArgumentException("access token key " + kid + " is not a private EC JWK");
            }
        });
    }
}
