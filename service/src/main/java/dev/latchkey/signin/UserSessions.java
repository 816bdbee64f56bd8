package dev.latchkey.signin;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.BearerSecrets;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Ids;
import dev.latchkey.store.Page;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * User sessions: what a person's browser holds once signed in. The cookie carries the session id
 * and a 256-bit random secret ({@code uss_….<secret>}); the table keeps only a SHA-256 of the secret,
 * compared in constant time. A session lasts {@code signIn.sessionLifetime} unless the user or an
 * operator ends it first.
 */
public final class UserSessions {

    /** The SQL objects behind user sessions, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = UserSessionStore.SQL_OBJECTS;

    /** Ended and expired sessions are listed as history for this long, then purged. */
    static final Duration HISTORY = Duration.ofDays(7);
    /** A use is recorded at most once per this interval and session. */
    static final Duration LAST_SEEN_GRANULARITY = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern COOKIE = Pattern.compile("(uss_[a-z2-7]{26})\\.([A-Za-z0-9_-]{43})");

    private final UserSessionStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration lifetime;

    public UserSessions(Jdbi jdbi, AuditLog audit, Clock clock, Duration lifetime) {
        this.store = new UserSessionStore(jdbi);
        this.audit = audit;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A new session: {@code cookieValue} goes into the browser's cookie and nowhere else. */
    public record Opened(UserSession session, String cookieValue) {
        @Override
        public String toString() {
            return "Opened[" + session.id() + "]";
        }
    }

    /** Opens a session for a person the identity provider (or the development login) vouched for. */
    public Opened open(String tenant, String provider, String subject, String displayName) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String id = Ids.mint("uss");
        Instant now = clock.instant();
        UserSession session = store.insert(id, BearerSecrets.hash(secret), tenant, provider, subject,
                shortened(displayName), now.toEpochMilli(), now.plus(lifetime).toEpochMilli());
        audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", tenant, "user_session.open", "user_session", id,
                AuditEntry.Outcome.SUCCESS, "signed in at " + provider + " as " + subject);
        return new Opened(session, id + "." + secret);
    }

    /** The live session a cookie value stands for; empty when malformed, unknown, wrong, expired or ended. */
    public Optional<UserSession> authenticate(String cookieValue) {
        Matcher matcher = COOKIE.matcher(cookieValue == null ? "" : cookieValue);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<UserSession> found = store.find(matcher.group(1))
                .filter(session -> BearerSecrets.matches(session.secretHash(), matcher.group(2)))
                .filter(session -> session.status(now) == UserSession.Status.ACTIVE);
        found.ifPresent(session -> {
            long since = now.minus(LAST_SEEN_GRANULARITY).toEpochMilli();
            if (session.lastSeenAt().toEpochMilli() < since) {
                store.touch(session.id(), now.toEpochMilli(), since);
            }
        });
        return found;
    }

    /** The user ends their own session (signs out); false when it was not live. */
    public boolean end(UserSession session) {
        return store.end(session.id(), clock.millis(), (h, s) -> record(h, AuditEntry.ActorType.SYSTEM, "latchkey",
                s, "user_session.end", "signed out"));
    }

    /** An operator ends a session of any tenant; false when it is unknown, ended or expired. */
    public boolean endByOperator(String id, String operator) {
        return store.end(id, clock.millis(), (h, s) -> record(h, AuditEntry.ActorType.OPERATOR, operator, s,
                "user_session.end", "ended by an operator"));
    }

    /** A page of sessions (ended and expired ones too, until purged), newest first; for the console. */
    public Page<UserSession> list(Optional<String> tenant, Optional<String> subject, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        return Page.fromLookahead(store.page(tenant, subject, position.at(), position.id(), limit + 1), limit,
                session -> new Cursor(session.createdAt().toEpochMilli(), session.id()));
    }

    public Optional<UserSession> find(String id) {
        return store.find(id);
    }

    /** Forgets sessions that expired or ended more than {@link #HISTORY} ago. */
    public int purgeOld() {
        return store.purge(clock.instant().minus(HISTORY).toEpochMilli());
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * The synchronizer token of the forms a signed-in user posts (sign-out): an HMAC of a fixed label
     * under the cookie value, so it is bound to the session, never stored, and reveals nothing of it.
     */
    public static String csrfToken(String cookieValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookieValue.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal("latchkey-user-csrf".getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static String shortened(String displayName) {
        String clean = displayName.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= 200 ? clean : clean.substring(0, 200);
    }

    private void record(Handle h, AuditEntry.ActorType actorType, String actor, UserSession session, String action,
                        String details) {
        audit.record(h, actorType, actor, session.tenant(), action, "user_session", session.id(),
                AuditEntry.Outcome.SUCCESS, details + " (" + session.provider() + ", " + session.subject() + ")");
    }
}
