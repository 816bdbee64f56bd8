package dev.latchkey.registration;

import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.store.Ids;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Lets the first registration for an authorization server run once: in this JVM under a lock per
 * issuer, across instances under a lease row that only one instance can insert. The others wait
 * for its result, and take over a lease whose holder died.
 */
final class RegistrationLease {

    private static final long POLL_MILLIS = 100;

    private final ClientStore clients;
    private final Clock clock;
    private final long leaseMillis;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    RegistrationLease(ClientStore clients, Clock clock, long leaseMillis) {
        this.clients = clients;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
    }

    /** Runs {@code work} while no other thread of this JVM works on the same issuer. */
    <T> T exclusively(String issuer, Supplier<T> work) {
        Object lock = locks.computeIfAbsent(issuer, k -> new Object());
        synchronized (lock) {
            return work.get();
        }
    }

    /** Until when a caller starting now waits for another instance's registration. */
    long waitDeadline() {
        return clock.millis() + 2 * leaseMillis;
    }

    /** The new lease row's id, or empty when another instance holds the pair. */
    Optional<String> take(String issuer, URI redirectUri, RegisteredClient.Method method) {
        String id = Ids.mint("cli");
        return clients.insertLease(id, issuer, redirectUri, method, leaseMillis) ? Optional.of(id) : Optional.empty();
    }

    /**
     * Waits a moment for another instance's lease to turn into a client; a lease past its time is
     * deleted so that the next look takes over. Past the deadline the flow fails.
     */
    void waitFor(RegisteredClientRow lease, long deadline, String issuer) {
        long now = clock.millis();
        long until = lease.leaseUntil().orElse(0L);
        if (until < now) {
            clients.deleteStaleLease(lease.id(), until);
            return;
        }
        if (now > deadline) {
            throw Failure.upstream("registration_failed", "another registration at " + issuer
                    + " is still in progress; try again shortly");
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.upstream("registration_failed", "interrupted while waiting for a registration");
        }
    }
}
