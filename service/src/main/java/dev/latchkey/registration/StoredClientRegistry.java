package dev.latchkey.registration;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.security.Sealer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration ladder — pre-registered, stored, Client ID Metadata Document, dynamic
 * registration — with clients persisted per (issuer, redirect URI) in the {@link ClientStore}. The
 * first registration for a pair runs once ({@link RegistrationLease}). A registration POST is never
 * retried blindly. Without a stored client, provider plugins may swap the engine's proposal (see
 * {@link RegistrationChoices}); credentials a plugin supplies are stored like any client, and
 * re-confirmed with the plugins on each use so a rotated secret takes effect.
 */
public final class StoredClientRegistry implements ClientRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(StoredClientRegistry.class);
    static final Duration RECENT_TTL = ClientStore.RECENT_TTL;
    /** The SQL objects behind the registry, described once at start-up. */
    public static final List<Class<?>> SQL_OBJECTS = ClientStore.SQL_OBJECTS;

    private final ClientStore clients;
    private final RegistrationLease lease;
    private final AuditLog audit;
    private final Clock clock;
    private final PreRegisteredClients preRegistered;
    private final ClientMetadataDocument document;
    private final RegistrationNotes notes;
    private final DynamicRegistration dynamic;
    private final RegistrationChoices choices;
    private final boolean developmentMode;
    private final boolean cimdWithoutIss;

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
        this.clients = new ClientStore(jdbi, sealer, clock);
        this.lease = new RegistrationLease(clients, clock, config.getLeaseTimeout().toMilliseconds());
        this.audit = audit;
        this.clock = clock;
        this.preRegistered = new PreRegisteredClients(config.getPreRegistered(), clock, developmentMode);
        this.document = document;
        this.notes = new RegistrationNotes(document);
        this.dynamic = new DynamicRegistration(http, config.getClientName());
        this.developmentMode = developmentMode;
        this.cimdWithoutIss = config.isCimdWithoutIss();
    }

    /** A client used a moment ago for this issuer, if it is still fit for use (else it is dropped on the locked path). */
    private Optional<RegisteredClient> recentlyUsed(AuthorizationServerMetadata as, URI sharedRedirect,
                                                    Timeline.Recorder step, Optional<ProviderScope> scope) {
        for (URI redirectUri : candidates(as, sharedRedirect)) {
            ClientStore.Recent recent = clients.recent(as.issuer(), redirectUri).orElse(null);
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
            return lease.exclusively(as.issuer(), () -> storedOrRegistered(as, redirectUri, step, scope));
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
        return clients.findActive(ref);
    }

    /** What a registered client's sealed secret is bound to. */
    public static String secretAad(String clientRef) {
        return ClientStore.secretAad(clientRef);
    }

    @Override
    public void invalidate(String ref) {
        if (PreRegisteredClients.isRef(ref)) {
            LOG.warn("the pre-registered client {} was rejected by its authorization server; check its configuration", ref);
            return;
        }
        if (clients.delete(ref)) {
            audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", null, "client.invalidated", "client", ref,
                    AuditEntry.Outcome.SUCCESS, "the authorization server no longer accepts the client");
        }
    }

    @Override
    public boolean invalidateByOperator(String ref, String operator) {
        if (PreRegisteredClients.isRef(ref)) {
            return false;
        }
        return clients.delete(ref, handle -> audit.record(handle, AuditEntry.ActorType.OPERATOR, operator, null,
                "client.delete", "client", ref, AuditEntry.Outcome.SUCCESS,
                "the next flow for its authorization server obtains a client anew"));
    }

    private RegisteredClient storedOrRegistered(AuthorizationServerMetadata as, URI sharedRedirect,
                                                Timeline.Recorder step, Optional<ProviderScope> scope) {
        long deadline = lease.waitDeadline();
        while (true) {
            Optional<RegisteredClientRow> row = clients.find(as.issuer(), candidates(as, sharedRedirect));
            if (row.isEmpty()) {
                RegistrationChoices.Decision decision = choices.decide(as, cimdUsable(as, sharedRedirect), scope,
                        step::plugin);
                URI redirectUri = decision.method() == RegisteredClient.Method.DYNAMIC
                        ? RedirectUris.forIssuer(sharedRedirect, as.issuer()) : sharedRedirect;
                Optional<String> held = lease.take(as.issuer(), redirectUri, decision.method());
                if (held.isPresent()) {
                    return registerUnderLease(held.get(), decision, as, redirectUri, step,
                            scope.flatMap(ProviderScope::tenant));
                }
                continue;
            }
            RegisteredClientRow found = row.get();
            if (found.active()) {
                Optional<RegisteredClient> opened = clients.opened(found);
                Optional<String> stale = staleness(found, as, sharedRedirect)
                        .or(() -> pluginStaleness(found, opened, as, sharedRedirect, scope, step));
                if (stale.isEmpty()) {
                    RegisteredClient client = opened.orElseThrow(() -> Failure.upstream(
                            "registration_failed", "the stored client for " + as.issuer()
                                    + " cannot be opened with the current keys"));
                    notes.reused(step, client.ref(), client.method(), client.authMethod(), as,
                            scope.flatMap(ProviderScope::tenant));
                    clients.remember(found, client);
                    return client;
                }
                LOG.info("dropping the stored client {} for {}: {}", found.id(), as.issuer(), stale.get());
                clients.delete(found.id());
                continue;
            }
            lease.waitFor(found, deadline, as.issuer());
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
            clients.delete(id);
            audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", null, "client.registration_failed", "issuer",
                    shorten(as.issuer()), AuditEntry.Outcome.FAILURE, e.getMessage());
            throw e;
        }
        RegisteredClient client = clients.complete(id, as.issuer(), redirectUri, issued)
                .orElseThrow(() -> Failure.upstream("registration_failed", "the registration at " + as.issuer()
                        + " took longer than its lease; try again"));
        audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", null, "client.registered", "client", id,
                AuditEntry.Outcome.SUCCESS, "issuer " + as.issuer() + ", method " + issued.method().code()
                        + ", auth " + issued.authMethod() + ", via " + endpoint);
        notes.registered(step, id, issued.method(), issued.authMethod(), as, tenant);
        return client;
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) : value;
    }
}
