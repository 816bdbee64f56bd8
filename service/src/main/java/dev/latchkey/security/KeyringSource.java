package dev.latchkey.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keyring in use. When a key id is unknown (another instance or the CLI rotated keys) it
 * re-reads its source, at most once every few seconds, so rotation needs no restart to decrypt.
 */
public final class KeyringSource {

    private static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);

    private final Supplier<Keyring> loader;
    private volatile Keyring current;
    private volatile Instant lastReload = Instant.EPOCH;

    public KeyringSource(Keyring initial, Supplier<Keyring> loader) {
        this.current = initial;
        this.loader = loader;
    }

    public static KeyringSource fixed(Keyring keyring) {
        return new KeyringSource(keyring, () -> keyring);
    }

    public Keyring current() {
        return current;
    }

    public KeyEntry active(KeyUse use) {
        return current.active(use);
    }

    public Optional<KeyEntry> usable(String kid, KeyUse use) {
        Optional<KeyEntry> found = current.usable(kid, use);
        if (found.isEmpty() && current.keys().stream().noneMatch(k -> k.kid().equals(kid))) {
            reloadAtMostEvery(RELOAD_INTERVAL);
            found = current.usable(kid, use);
        }
        return found;
    }

    private synchronized void reloadAtMostEvery(Duration interval) {
        Instant now = Instant.now();
        if (now.isBefore(lastReload.plus(interval))) {
            return;
        }
        lastReload = now;
        try {
            current = loader.get();
        } catch (RuntimeException e) {
            // Keep serving with the keys we have; the health check reports the keyring itself.
        }
    }
}
