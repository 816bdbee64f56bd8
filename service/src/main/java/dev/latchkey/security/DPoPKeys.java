package dev.latchkey.security;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyring's DPoP keys: the active one binds new tokens; an older one that is not retired keeps
 * signing proofs for the tokens already bound to it (found by thumbprint), since a bound token (and, for
 * a public client, its refresh token) works only with the key it was issued for.
 */
public final class DPoPKeys {

    private final KeyringSource keys;
    private final Map<String, DPoPKey> opened = new ConcurrentHashMap<>();

    public DPoPKeys(KeyringSource keys) {
        this.keys = keys;
    }

    /** The key new tokens are bound to; empty when the keyring has no DPoP key yet. */
    public Optional<DPoPKey> active() {
        return keys.activeIfAny(KeyUse.DPOP).map(this::open);
    }

    /** The usable (not retired) key with this RFC 7638 thumbprint. */
    public Optional<DPoPKey> byThumbprint(String jkt) {
        return keys.current().keys().stream()
                .filter(k -> k.use() == KeyUse.DPOP && !k.isRetired())
                .map(this::open)
                .filter(k -> k.thumbprint().equals(jkt))
                .findFirst();
    }

    private DPoPKey open(KeyEntry entry) {
        return opened.computeIfAbsent(entry.kid(), kid -> DPoPKey.of(entry));
    }
}
