package dev.latchkey.console;

import java.util.List;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The console_login_throttle table: failures and locks per throttle key, shared by all instances. */
final class LoginThrottleStore {

    private final Jdbi jdbi;

    LoginThrottleStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The latest lock of any of the keys, in epoch millis; 0 when none is locked. */
    long lockedUntil(List<String> keys) {
        return jdbi.withHandle(handle -> keys.stream()
                .mapToLong(key -> handle.createQuery(
                                "SELECT locked_until FROM console_login_throttle WHERE throttle_key = :key")
                        .bind("key", key).mapTo(Long.class).findOne().orElse(0L))
                .max().orElse(0L));
    }

    /**
     * Counts one more failure for each key in one transaction, forgetting failures from before
     * {@code forgetBefore}; {@code lockUntil} says until when a key with that many failures is
     * locked (null: not locked).
     */
    void recordFailure(List<String> keys, long now, long forgetBefore, IntFunction<Long> lockUntil) {
        jdbi.useTransaction(handle -> keys.forEach(key -> recordFailure(handle, key, now, forgetBefore, lockUntil)));
    }

    private static void recordFailure(Handle handle, String key, long now, long forgetBefore,
                                      IntFunction<Long> lockUntil) {
        int previous = handle.createQuery("""
                        SELECT failures FROM console_login_throttle
                        WHERE throttle_key = :key AND last_failure_at > :forgetBefore""")
                .bind("key", key).bind("forgetBefore", forgetBefore)
                .mapTo(Integer.class).findOne().orElse(0);
        int failures = previous + 1;
        Long lockedUntil = lockUntil.apply(failures);
        int updated = handle.createUpdate("""
                        UPDATE console_login_throttle SET failures = :failures, last_failure_at = :now,
                               locked_until = :until WHERE throttle_key = :key""")
                .bind("failures", failures).bind("now", now).bind("until", lockedUntil).bind("key", key).execute();
        if (updated == 0) {
            handle.createUpdate("""
                            INSERT INTO console_login_throttle (throttle_key, failures, last_failure_at, locked_until)
                            VALUES (:key, :failures, :now, :until)""")
                    .bind("key", key).bind("failures", failures).bind("now", now).bind("until", lockedUntil)
                    .execute();
        }
    }

    /** Forgets the keys' failures and locks. */
    void clear(List<String> keys) {
        jdbi.useHandle(handle -> keys.forEach(key -> handle
                .createUpdate("DELETE FROM console_login_throttle WHERE throttle_key = :key")
                .bind("key", key).execute()));
    }
}
