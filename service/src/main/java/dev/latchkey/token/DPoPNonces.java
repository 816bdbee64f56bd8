package dev.latchkey.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@code DPoP-Nonce} each server gave (RFC 9449 §8, §9), per endpoint (an authorization
 * server's token endpoint, an MCP server's URL), kept for a short time: a server that wants nonces
 * rotates them, and a forgotten one costs a single retry.
 */
public final class DPoPNonces {

    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(3);
    private static final int MAX_SERVERS = 10_000;

    private record Heard(String nonce, Instant at) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, Heard> latest = new ConcurrentHashMap<>();

    public DPoPNonces(Clock clock) {
        this(clock, DEFAULT_LIFETIME);
    }

    public DPoPNonces(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Remembers what the server at {@code endpoint} sent, if anything. */
    public void heard(URI endpoint, Optional<String> nonce) {
        if (nonce.isEmpty() || nonce.get().isBlank()) {
            return;
        }
        if (latest.size() >= MAX_SERVERS) {
            Instant oldest = clock.instant().minus(lifetime);
            latest.values().removeIf(h -> h.at().isBefore(oldest));
        }
        latest.put(key(endpoint), new Heard(nonce.get(), clock.instant()));
    }

    /** The nonce to put in the next proof for {@code endpoint}, while it is recent. */
    public Optional<String> latest(URI endpoint) {
        Heard heard = latest.get(key(endpoint));
        if (heard == null || heard.at().plus(lifetime).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(heard.nonce());
    }

    /** Proofs name the endpoint without query or fragment (RFC 9449 §4.2 {@code htu}); so does this key. */
    static String key(URI endpoint) {
        return DPoPProofs.htu(endpoint).toString();
    }
}
