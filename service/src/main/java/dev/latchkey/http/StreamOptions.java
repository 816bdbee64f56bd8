package dev.latchkey.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one streamed exchange ({@link GuardedHttpClient#open}): {@code idleTimeout} bounds the
 * wait for the response headers and every silence of an event stream; a response that is not an
 * event stream must arrive whole within the client's read timeout after its headers and may be at
 * most {@code maxBodyBytes} long. An event stream has no size limit: it is passed on as it arrives.
 */
public record StreamOptions(Duration idleTimeout, long maxBodyBytes) {

    public StreamOptions {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }
}
