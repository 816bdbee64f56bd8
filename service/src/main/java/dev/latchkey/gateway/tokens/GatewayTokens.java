package dev.latchkey.gateway.tokens;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.BearerSecrets;
import dev.latchkey.auth.Caller;
import dev.latchkey.protocol.Failure;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Ids;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Gateway tokens: the static credential an MCP client sends to the gateway
 * ({@code Authorization: Bearer lkg_…}) to act for one subject of a tenant. A token is minted
 * through the API by the tenant's API key, shown once, stored only as a hash ({@link BearerSecrets},
 * as API keys are), may expire and may be limited to some upstream servers, and is revoked by the
 * tenant or an operator.
 */
public final class GatewayTokens {

    /** The SQL objects behind gateway tokens, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = GatewayTokenStore.SQL_OBJECTS;

    /** What every gateway token starts with, before its prefix. */
    public static final String LEAD = "lkg";
    /** The shortest and longest lifetime a token can be given. */
    public static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);
    /** A use is recorded at most once per this interval and token: authenticating is otherwise read-only. */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    static final int MAX_SERVERS = 32;

    private static final BearerSecrets TOKENS = new BearerSecrets(LEAD);
    private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final GatewayTokenStore store;
    private final AuditLog audit;
    private final Clock clock;

    public GatewayTokens(Jdbi jdbi, AuditLog audit, Clock clock) {
        this.store = new GatewayTokenStore(jdbi);
        this.audit = audit;
        this.clock = clock;
    }

    /** A newly minted token: {@code value} is shown once and never stored. */
    public record Minted(GatewayToken token, String value) {
        @Override
        public String toString() {
            return "Minted[" + token.displayPrefix() + "]";
        }
    }

    /** Mints a token for a subject of the caller's tenant; a request that does not hold is a REQUEST failure. */
    public Minted mint(Caller caller, GatewayTokenRequest request) {
        if (request == null) {
            throw Failure.request("invalid_subject", "Send a JSON body with the subject the token acts for.");
        }
        String subject = subject(request.subject());
        Optional<String> name = name(request.name());
        Instant now = clock.instant();
        Optional<Instant> expiresAt = expiry(request.expiresAt(), request.expiresInSeconds(), now);
        List<String> servers = servers(request.servers());
        BearerSecrets.Minted minted = TOKENS.mint();
        String id = Ids.mint("gwt");
        GatewayToken token = store.insert(id, minted.prefix(), minted.hash(), caller.tenant(), subject, name, servers,
                expiresAt.map(Instant::toEpochMilli), now.toEpochMilli(),
                h -> record(h, AuditEntry.ActorType.API_KEY, "lk_" + caller.keyPrefix(), caller.tenant(),
                        "gateway_token.mint", id, LEAD + "_" + minted.prefix()
                                + expiresAt.map(at -> " expires " + at).orElse("")));
        return new Minted(token, minted.value());
    }

    /** A page of the tenant's tokens (revoked and expired ones too), newest first. */
    public Page<GatewayToken> list(String tenant, Optional<String> subject, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        return Page.fromLookahead(store.page(tenant, subject, position.at(), position.id(), limit + 1), limit,
                GatewayTokens::position);
    }

    /** A page of every tenant's tokens, or one tenant's, for operators. */
    public Page<GatewayToken> listAllTenants(Optional<String> tenant, Optional<String> subject, String cursor,
                                             int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        return Page.fromLookahead(store.pageAllTenants(tenant, subject, position.at(), position.id(), limit + 1),
                limit, GatewayTokens::position);
    }

    public GatewayToken get(String tenant, String id) {
        return store.find(tenant, id)
                .orElseThrow(() -> Failure.notFound("not_found", "Gateway token was not found."));
    }

    /** Revokes one of the caller's tenant's tokens; revoking a revoked token changes nothing. */
    public void revoke(Caller caller, String id) {
        get(caller.tenant(), id);
        store.revoke(id, clock.millis(), (h, token) -> record(h, AuditEntry.ActorType.API_KEY,
                "lk_" + caller.keyPrefix(), token.tenant(), "gateway_token.revoke", id, token.displayPrefix()));
    }

    /** An operator revokes a token of any tenant; false when it is unknown or already revoked. */
    public boolean revokeByOperator(String id, String operator) {
        return store.revoke(id, clock.millis(), (h, token) -> record(h, AuditEntry.ActorType.OPERATOR, operator,
                token.tenant(), "gateway_token.revoke", id, token.displayPrefix()));
    }

    /**
     * The caller a presented bearer value stands for, if it is a well-formed gateway token that is
     * known, matches its stored hash (compared in constant time), and is neither revoked nor expired.
     * Records the use at most once a minute per token, so authenticating costs one indexed read.
     */
    public Optional<GatewayCaller> authenticate(String bearer) {
        Instant now = clock.instant();
        Optional<GatewayToken> found = TOKENS.prefixOf(bearer).flatMap(store::findByPrefix)
                .filter(token -> BearerSecrets.matches(token.tokenHash(), bearer))
                .filter(token -> token.status(now) == GatewayToken.Status.ACTIVE);
        found.ifPresent(token -> {
            long since = now.minus(LAST_USED_GRANULARITY).toEpochMilli();
            if (token.lastUsedAt().map(at -> at.toEpochMilli() < since).orElse(true)) {
                store.touch(token.id(), now.toEpochMilli(), since);
            }
        });
        return found.map(token -> new GatewayCaller(token.tenant(), token.subject(), token.servers(), token.id(),
                LEAD + "_" + token.prefix()));
    }

    public Instant now() {
        return clock.instant();
    }

    private static Cursor position(GatewayToken token) {
        return new Cursor(token.createdAt().toEpochMilli(), token.id());
    }

    private static String subject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw Failure.request("invalid_subject", "subject is required: the user the token acts for.");
        }
        if (subject.length() > 200 || CONTROL.matcher(subject).find()) {
            throw Failure.request("invalid_subject", "subject must be at most 200 characters without control"
                    + " characters.");
        }
        return subject;
    }

    private static Optional<String> name(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        if (name.length() > 100 || CONTROL.matcher(name).find()) {
            throw Failure.request("invalid_name", "name must be at most 100 characters without control characters.");
        }
        return Optional.of(name.strip());
    }

    private static Optional<Instant> expiry(String expiresAt, Long expiresInSeconds, Instant now) {
        if (expiresAt != null && expiresInSeconds != null) {
            throw Failure.request("invalid_expiry", "Send expiresAt or expiresInSeconds, not both.");
        }
        Instant at;
        if (expiresAt != null) {
            try {
                at = OffsetDateTime.parse(expiresAt.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw Failure.request("invalid_expiry", "expiresAt must be an RFC 3339 date-time with an offset,"
                        + " e.g. 2030-01-31T12:00:00Z.");
            }
        } else if (expiresInSeconds != null) {
            if (expiresInSeconds < MIN_LIFETIME.toSeconds() || expiresInSeconds > MAX_LIFETIME.toSeconds()) {
                throw Failure.request("invalid_expiry", lifetimeRule());
            }
            at = now.plusSeconds(expiresInSeconds);
        } else {
            return Optional.empty();
        }
        if (at.isBefore(now.plus(MIN_LIFETIME)) || at.isAfter(now.plus(MAX_LIFETIME))) {
            throw Failure.request("invalid_expiry", lifetimeRule());
        }
        return Optional.of(at);
    }

    private static String lifetimeRule() {
        return "A token expires from " + MIN_LIFETIME.toSeconds() + " seconds to " + MAX_LIFETIME.toDays()
                + " days from now (expiresInSeconds " + MIN_LIFETIME.toSeconds() + " to " + MAX_LIFETIME.toSeconds()
                + ").";
    }

    private static List<String> servers(List<String> servers) {
        if (servers == null) {
            return List.of();
        }
        if (servers.isEmpty() || servers.size() > MAX_SERVERS) {
            throw Failure.request("invalid_servers", "servers holds 1 to " + MAX_SERVERS
                    + " server slugs or ids; leave it out to allow every server of the tenant.");
        }
        List<String> checked = new ArrayList<>();
        for (String server : servers) {
            if (server == null || !SERVER.matcher(server).matches()) {
                throw Failure.request("invalid_servers", "Each server is a slug or id of 1-100 letters, digits, '.',"
                        + " '_' or '-', starting with a letter or digit.");
            }
            checked.add(server);
        }
        return List.copyOf(new LinkedHashSet<>(checked));
    }

    private void record(Handle h, AuditEntry.ActorType actorType, String actor, String tenant, String action,
                        String id, String details) {
        audit.record(h, actorType, actor, tenant, action, "gateway_token", id, AuditEntry.Outcome.SUCCESS, details);
    }
}
