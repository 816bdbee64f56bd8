package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.ErrorObject;
import java.time.Clock;

/**
 * At most {@code perMinute} dynamic registrations a minute on this instance: registration is open to anyone,
 * so a flood must not fill the clients table.
 */
final class RegistrationLimit {

    private final int perMinute;
    private final Clock clock;
    private long window;
    private int used;

    RegistrationLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    synchronized void acquire() {
        long minute = clock.millis() / 60_000;
        if (minute != window) {
            window = minute;
            used = 0;
        }
        if (used >= perMinute) {
            throw IssuerRefusal.oauth(new ErrorObject("temporarily_unavailable", null, 429),
                    "Too many client registrations just now; try again in a minute.");
        }
        used++;
    }
}
