package dev.latchkey.security;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keyring in use. It is read again from its source once {@code reloadEvery} has passed since
 * the last read, on the next use, so a key rotated or retired by {@code keys} (from another process
 * or instance) is honoured within that time without a restart: a retired key neither seals nor
 * opens after it. A key id it does not know (another instance rotated) makes it read the source at
 * once, at most once every few seconds.
 */
public final class KeyringSource {

    public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(30);
    private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(5);

    private final Supplier<Keyring> loader;
    private final long reloadEveryNanos;
    private volatile Keyring current;
    private volatile long loadedAt = System.nanoTime();
    private volatile long lastUnknownKidReload = System.nanoTime() - UNKNOWN_KID_RELOAD.toNanos();

    public KeyringSource(Keyring initial, Supplier<Keyring> loader) {
        this(initial, loader, DEFAULT_RELOAD);
    }

    public KeyringSource(Keyring initial, Supplier<Keyring> loader, Duration reloadEvery) {
        if (reloadEvery.isNegative() || reloadEvery.isZero()) {
            throw new IllegalArgumentException("the keyring reload interval must be positive");
        }
        this.current = initial;
        this.loader = loader;
        this.reloadEveryNanos = reloadEvery.toNanos();
    }

    public static KeyringSource fixed(Keyring keyring) {
        return new KeyringSource(keyring, () -> keyring);
    }

    public Keyring current() {
        return fresh();
    }

    public KeyEntry active(KeyUse use) {
        return fresh().active(use);
    }

    public Optional<KeyEntry> activeIfAny(KeyUse use) {
        return fresh().activeIfAny(use);
    }

    public Optional<KeyEntry> usable(String kid, KeyUse use) {
        Keyring keyring = fresh();
        Optional<KeyEntry> found = keyring.usable(kid, use);
        if (found.isEmpty() && keyring.keys().stream().noneMatch(k -> k.kid().equals(kid))) {
            found = reloadForUnknownKid().usable(kid, use);
        }
        return found;
    }

    private Keyring fresh() {
        if (System.nanoTime() - loadedAt >= reloadEveryNanos) {
            synchronized (this) {
                if (System.nanoTime() - loadedAt >= reloadEveryNanos) {
                    reload();
                }
            }
        }
        return current;
    }

    private synchronized Keyring reloadForUnknownKid() {
        long now = System.nanoTime();
        if (now - lastUnknownKidReload >= UNKNOWN_KID_RELOAD.toNanos()) {
            lastUnknownKidReload = now;
            reload();
        }
        return current;
    }

    private void reload() {
        try {
            current = loader.get();
        } catch (RuntimeException e) {
            // Keep serving with the keys we have; the health check reports the keyring itself.
        }
        loadedAt = System.nanoTime();
    }
}
