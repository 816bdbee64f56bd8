package dev.latchkey.registration;

import dev.latchkey.protocol.RegisteredClient;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.security.SealedValueException;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Ids;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration ladder — pre-registered, stored, Client ID Metadata Document, dynamic
 * registration — with clients persisted per (issuer, redirect URI). The first registration for a
 * pair runs once: in this JVM under a per-pair lock, across instances under a lease row that only
 * one instance can insert. A registration POST is never retried blindly. Without a stored client,
 * provider plugins may swap the engine's proposal (see {@link RegistrationChoices}); credentials a
 * plugin supplies are stored like any client, and re-confirmed with the plugins on each use so a
 * rotated secret takes effect.
 */
public final class StoredClientRegistry implements ClientRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(StoredClientRegistry.class);
    private static final long POLL_MILLIS = 100;
    static final Duration RECENT_TTL = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final Sealer sealer;
    private final AuditLog audit;
    private final Clock clock;
    private final PreRegisteredClients preRegistered;
    private final ClientMetadataDocument document;
    private final RegistrationNotes notes;
    private final DynamicRegistration dynamic;
    private final RegistrationChoices choices;
    private final boolean developmentMode;
    private final boolean cimdWithoutIss;
    private final long leaseMillis;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /**
     * Clients used in the last {@link #RECENT_TTL}, by (issuer, redirect URI): a warm flow start reads
     * no row. Another instance's deletion reaches this one within that time; every other check
     * (secret expiry, metadata document, plugins' credentials) still runs on each use.
     */
    private final Cache<String, Recent> recentlyUsed;

    /** A stored client as read, and opened. */
    private record Recent(RegisteredClientRow row, RegisteredClient client) {
    }

    public StoredClientRegistry(Jdbi jdbi, Sealer sealer, AuditLog audit, Clock clock, NimbusHttp http,
                                RegistrationFactory config, ClientMetadataDocument document, boolean developmentMode) {
        this(jdbi, sealer, audit, clock, http, config, document, developmentMode, ProviderHooks.none());
    }

    public StoredClientRegistry(Jdbi jdbi, Sealer sealer, AuditLog audit, Clock clock, NimbusHttp http,
                                RegistrationFactory config, ClientMetadataDocument document, boolean developmentMode,
                                ProviderHooks hooks) {
        this.choices = new RegistrationChoices(hooks, config.getClientName(), issuer -> audit.record(
                AuditEntry.ActorType.SYSTEM, "latchkey", null, "client.credentials_withheld", "issuer",
                shorten(issuer), AuditEntry.Outcome.FAILURE,
                "a provider plugin offered client credentials bound to other issuers; they were not used"));
        this.jdbi = jdbi;
        this.sealer = sealer;
        this.audit = audit;
        this.clock = clock;
        this.preRegistered = new PreRegisteredClients(config.getPreRegistered(), clock, developmentMode);
        this.document = document;
        this.notes = new RegistrationNotes(document);
        this.dynamic = new DynamicRegistration(http, config.getClientName());
        this.developmentMode = developmentMode;
        this.cimdWithoutIss = config.isCimdWithoutIss();
        this.leaseMillis = config.getLeaseTimeout().toMilliseconds();
        this.recentlyUsed = Caffeine.newBuilder()
                .expireAfterWrite(RECENT_TTL)
                .maximumSize(10_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** A client used a moment ago for this issuer, if it is still fit for use (else it is dropped on the locked path). */
    private Optional<RegisteredClient> recentlyUsed(AuthorizationServerMetadata as, URI sharedRedirect,
                                                    Timeline.Recorder step, Optional<ProviderScope> scope) {
        for (URI redirectUri : candidates(as, sharedRedirect)) {
            Recent recent = recentlyUsed.getIfPresent(pair(as, redirectUri));
            if (recent != null && staleness(recent.row(), as, sharedRedirect)
                    .or(() -> pluginStaleness(recent.row(), Optional.of(recent.client()), as, sharedRedirect, scope,
                            step)).isEmpty()) {
                notes.reused(step, recent.client().ref(), recent.client().method(), recent.client().authMethod(), as,
                        scope.flatMap(ProviderScope::tenant));
                return Optional.of(recent.client());
            }
        }
        return Optional.empty();
    }

    /**
     * The redirect URIs a stored client for this issuer may have: its own (registered clients) and the
     * shared one (the metadata document, credentials from plugins).
     */
    private static List<URI> candidates(AuthorizationServerMetadata as, URI sharedRedirect) {
        return List.of(RedirectUris.forIssuer(sharedRedirect, as.issuer()), sharedRedirect);
    }

    /** The key clients are registered, locked and remembered under. */
    private static String pair(AuthorizationServerMetadata as, URI redirectUri) {
        return as.issuer() + " " + redirectUri;
    }

    private void forget(String ref) {
        recentlyUsed.asMap().values().removeIf(recent -> recent.row().id().equals(ref));
    }

    @Override
    public RegisteredClient obtain(AuthorizationServerMetadata as, URI redirectUri, Timeline timeline) {
        Timeline.Recorder step = timeline.start(Timeline.REGISTRATION);
        try {
            Optional<RegisteredClient> configured = preRegistered.forIssuer(as.issuer(), redirectUri);
            if (configured.isPresent()) {
                step.ok("pre-registered client for " + as.issuer());
                return configured.get();
            }
            Optional<ProviderScope> scope = timeline.scope();
            Optional<RegisteredClient> recent = recentlyUsed(as, redirectUri, step, scope);
            if (recent.isPresent()) {
                return recent.get();
            }
            Object lock = locks.computeIfAbsent(as.issuer(), k -> new Object());
            synchronized (lock) {
                return storedOrRegistered(as, redirectUri, step, scope);
            }
        } catch (Failure failure) {
            step.failed(failure);
            throw failure;
        }
    }

    @Override
    public Optional<RegisteredClient> find(String ref) {
        if (PreRegisteredClients.isRef(ref)) {
            return preRegistered.byRef(ref, document.redirectUri());
        }
        return dao(d -> d.findById(ref)).filter(RegisteredClientRow::active).flatMap(this::opened);
    }

    /** What a registered client's sealed secret is bound to. */
    public static String secretAad(String clientRef) {
        return "client:" + clientRef;
    }

    @Override
    public void invalidate(String ref) {
        if (PreRegisteredClients.isRef(ref)) {
            LOG.warn("the pre-registered client {} was rejected by its authorization server; check its configuration", ref);
            return;
        }
        forget(ref);
        if (dao(d -> d.delete(ref)) > 0) {
            audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", null, "client.invalidated", "client", ref,
                    AuditEntry.Outcome.SUCCESS, "the authorization server no longer accepts the client");
        }
    }

    @Override
    public boolean invalidateByOperator(String ref, String operator) {
        if (PreRegisteredClients.isRef(ref)) {
            return false;
        }
        forget(ref);
        return jdbi.inTransaction(handle -> {
            if (handle.attach(RegisteredClientDao.class).delete(ref) == 0) {
                return false;
            }
            audit.record(handle, AuditEntry.ActorType.OPERATOR, operator, null, "client.delete", "client", ref,
                    AuditEntry.Outcome.SUCCESS, "the next flow for its authorization server obtains a client anew");
            return true;
        });
    }

    private RegisteredClient storedOrRegistered(AuthorizationServerMetadata as, URI sharedRedirect,
                                                Timeline.Recorder step, Optional<ProviderScope> scope) {
        long deadline = clock.millis() + 2 * leaseMillis;
        while (true) {
            Optional<RegisteredClientRow> row = stored(as, sharedRedirect);
            if (row.isEmpty()) {
                RegistrationChoices.Decision decision = choices.decide(as, cimdUsable(as, sharedRedirect), scope,
                        step::plugin);
                URI redirectUri = decision.method() == RegisteredClient.Method.DYNAMIC
                        ? RedirectUris.forIssuer(sharedRedirect, as.issuer()) : sharedRedirect;
                Optional<String> lease = takeLease(as.issuer(), redirectUri, decision.method());
                if (lease.isPresent()) {
                    return registerUnderLease(lease.get(), decision, as, redirectUri, step,
                            scope.flatMap(ProviderScope::tenant));
                }
                continue;
            }
            RegisteredClientRow found = row.get();
            if (found.active()) {
                Optional<RegisteredClient> opened = opened(found);
                Optional<String> stale = staleness(found, as, sharedRedirect)
                        .or(() -> pluginStaleness(found, opened, as, sharedRedirect, scope, step));
                if (stale.isEmpty()) {
                    RegisteredClient client = opened.orElseThrow(() -> Failure.upstream(
                            "registration_failed", "the stored client for " + as.issuer()
                                    + " cannot be opened with the current keys"));
                    notes.reused(step, client.ref(), client.method(), client.authMethod(), as,
                            scope.flatMap(ProviderScope::tenant));
                    recentlyUsed.put(pair(as, client.redirectUri()), new Recent(found, client));
                    return client;
                }
                LOG.info("dropping the stored client {} for {}: {}", found.id(), as.issuer(), stale.get());
                forget(found.id());
                dao(d -> d.delete(found.id()));
                continue;
            }
            waitForLease(found, deadline, as.issuer());
        }
    }

    /** The stored client (or lease) for this issuer under either of its possible redirect URIs. */
    private Optional<RegisteredClientRow> stored(AuthorizationServerMetadata as, URI sharedRedirect) {
        return dao(d -> {
            for (URI redirectUri : candidates(as, sharedRedirect)) {
                Optional<RegisteredClientRow> row = d.find(as.issuer(), redirectUri.toString());
                if (row.isPresent()) {
                    return row;
                }
            }
            return Optional.<RegisteredClientRow>empty();
        });
    }

    private void waitForLease(RegisteredClientRow lease, long deadline, String issuer) {
        long now = clock.millis();
        long until = lease.leaseUntil().orElse(0L);
        if (until < now) {
            dao(d -> d.deleteStaleLease(lease.id(), until));
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

    /** A client a plugin supplied is kept only while the plugins still choose the same credentials. */
    private Optional<String> pluginStaleness(RegisteredClientRow row, Optional<RegisteredClient> stored,
                                             AuthorizationServerMetadata as, URI redirectUri,
                                             Optional<ProviderScope> scope, Timeline.Recorder step) {
        if (!row.method().equals(RegisteredClient.Method.PRE_REGISTERED.code())) {
            return Optional.empty();
        }
        try {
            RegistrationChoices.Decision now = choices.decide(as, cimdUsable(as, redirectUri), scope, step::plugin);
            return stored.filter(client -> RegistrationChoices.sameCredentials(now, client)).isPresent()
                    ? Optional.empty() : Optional.of("the provider plugins now choose other credentials");
        } catch (Failure e) {
            return Optional.of("the provider plugins no longer supply credentials");
        }
    }

    private boolean cimdUsable(AuthorizationServerMetadata as, URI redirectUri) {
        return as.clientIdMetadataDocumentSupported() && document.usable(developmentMode)
                && document.redirectUri().equals(redirectUri)
                && (as.authorizationResponseIssParameterSupported() || cimdWithoutIss);
    }

    private Optional<String> staleness(RegisteredClientRow row, AuthorizationServerMetadata as, URI sharedRedirect) {
        Instant now = clock.instant();
        if (row.secretExpiresAt().filter(at -> at > 0 && at <= now.toEpochMilli()).isPresent()) {
            return Optional.of("its secret expired");
        }
        if (row.method().equals(RegisteredClient.Method.DYNAMIC.code())
                && !row.redirectUri().equals(RedirectUris.forIssuer(sharedRedirect, as.issuer()).toString())) {
            return Optional.of("it was registered with the shared redirect URI; registrations now get one per"
                    + " authorization server");
        }
        if (row.method().equals(RegisteredClient.Method.CIMD.code())
                && (!cimdUsable(as, URI.create(row.redirectUri()))
                || !row.clientId().orElse("").equals(document.clientId().toString()))) {
            return Optional.of("its client metadata document is no longer usable there");
        }
        return Optional.empty();
    }

    private Optional<String> takeLease(String issuer, URI redirectUri, RegisteredClient.Method method) {
        String id = Ids.mint("cli");
        long now = clock.millis();
        try {
            dao(d -> {
                d.insertLease(id, issuer, redirectUri.toString(), method.code(), now + leaseMillis, now);
                return null;
            });
            return Optional.of(id);
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private RegisteredClient registerUnderLease(String id, RegistrationChoices.Decision decision,
                                                AuthorizationServerMetadata as, URI redirectUri, Timeline.Recorder step,
                                                Optional<String> tenant) {
        Issued issued;
        RegisteredClient.Method method = decision.method();
        // Credentials supplied by a plugin are stored without any request; "via" names the issuer then.
        URI endpoint = notes.source(method, as);
        if (method != RegisteredClient.Method.PRE_REGISTERED) {
            step.tried(endpoint);
        }
        try {
            issued = switch (method) {
                case CIMD -> new Issued(method, document.clientId().toString(), Optional.empty(), "none", Optional.empty());
                case DYNAMIC -> dynamic.register(endpoint, redirectUri, decision.request().orElseThrow());
                case PRE_REGISTERED -> decision.credentials().orElseThrow();
            };
        } catch (RuntimeException e) {
            dao(d -> d.delete(id));
            audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", null, "client.registration_failed", "issuer",
                    shorten(as.issuer()), AuditEntry.Outcome.FAILURE, e.getMessage());
            throw e;
        }
        String sealed = issued.clientSecret().map(secret -> sealer.seal(secret, secretAad(id))).orElse(null);
        Long expires = issued.secretExpiresAt().map(Instant::toEpochMilli).orElse(null);
        int done = dao(d -> d.complete(id, issued.method().code(), issued.clientId(), sealed, issued.authMethod(),
                expires, clock.millis()));
        if (done == 0) {
            throw Failure.upstream("registration_failed", "the registration at " + as.issuer()
                    + " took longer than its lease; try again");
        }
        audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", null, "client.registered", "client", id,
                AuditEntry.Outcome.SUCCESS, "issuer " + as.issuer() + ", method " + issued.method().code()
                        + ", auth " + issued.authMethod() + ", via " + endpoint);
        notes.registered(step, id, issued.method(), issued.authMethod(), as, tenant);
        long createdAt = clock.millis();
        RegisteredClient client = new RegisteredClient(id, as.issuer(), redirectUri, issued.method(), issued.clientId(),
                issued.clientSecret(), issued.authMethod(), issued.secretExpiresAt(), Instant.ofEpochMilli(createdAt));
        recentlyUsed.put(pair(as, redirectUri), new Recent(new RegisteredClientRow(id, as.issuer(),
                redirectUri.toString(), RegisteredClientRow.ACTIVE, issued.method().code(), Optional.of(issued.clientId()),
                Optional.ofNullable(sealed), Optional.of(issued.authMethod()), Optional.ofNullable(expires),
                Optional.empty(), createdAt), client));
        return client;
    }

    private Optional<RegisteredClient> opened(RegisteredClientRow row) {
        try {
            Optional<String> secret = row.secretSealed().map(sealed -> sealer.openString(sealed, secretAad(row.id())));
            return Optional.of(new RegisteredClient(row.id(), row.issuer(), URI.create(row.redirectUri()),
                    RegisteredClient.Method.fromCode(row.method()), row.clientId().orElseThrow(), secret,
                    row.authMethod().orElse("none"), row.secretExpiresAt().filter(at -> at > 0).map(Instant::ofEpochMilli),
                    Instant.ofEpochMilli(row.createdAt())));
        } catch (SealedValueException e) {
            LOG.warn("the stored secret of client {} does not open: {}", row.id(), e.getMessage());
            return Optional.empty();
        }
    }

    private <T> T dao(java.util.function.Function<RegisteredClientDao, T> work) {
        return jdbi.withExtension(RegisteredClientDao.class, work::apply);
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) : value;
    }
}
