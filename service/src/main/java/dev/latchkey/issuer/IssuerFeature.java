package dev.latchkey.issuer;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Signer;
import dev.latchkey.signin.SignInGate;
import dev.latchkey.store.PurgeJob;
import io.dropwizard.core.setup.Environment;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Latchkey as the OAuth 2.1 authorization server of its MCP gateway, wired: metadata, JWKS, registration,
 * authorization with consent, token and revocation endpoints, and what the gateway and console use of it —
 * {@link #accessTokens()} and {@link #sessions()}.
 */
public final class IssuerFeature {

    /** The SQL objects behind the authorization server, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = List.of(McpClientDao.class, ConsentDao.class, GrantDao.class);

    /** Registrations accepted per minute on one instance. */
    static final int REGISTRATIONS_PER_MINUTE = 60;

    /**
     * What the authorization server needs from the rest of Latchkey. {@code allowLoopbackHttp}: egress may
     * reach loopback (development), so a metadata document may be served over plain http from loopback.
     */
    public record Needs(Jdbi jdbi, KeyringSource keys, Signer signer, OutboundHttp http, boolean allowLoopbackHttp,
                        SignInGate signIn, RouteLookup routes, AuditLog audit, DomainMetrics metrics, URI publicBaseUrl,
                        Clock clock) {
    }

    private final AccessTokens accessTokens;
    private final McpSessions sessions;
    private final List<Object> resources;
    private final GrantStore grants;

    private IssuerFeature(IssuerSettings settings, Needs needs) {
        AccessTokenKeys.requirePresent(needs.keys());
        IssuerUrls urls = IssuerUrls.of(needs.publicBaseUrl());
        McpClientStore clientStore = new McpClientStore(needs.jdbi());
        ConsentStore consents = new ConsentStore(needs.jdbi());
        this.grants = new GrantStore(needs.jdbi());
        AccessTokenKeys keys = new AccessTokenKeys(needs.keys());
        McpClients clients = new McpClients(clientStore, new MetadataDocuments(needs.http(), needs.allowLoopbackHttp(),
                settings, clientStore, needs.clock()), new RegistrationLimit(REGISTRATIONS_PER_MINUTE, needs.clock()),
                settings, needs.clock());
        this.accessTokens = new AccessTokens(urls, keys, grants, settings, needs.clock());
        Authorizations authorizations = new Authorizations(new AuthorizationRequests(urls, clients, settings.scopes()),
                clients, consents, grants, needs.signIn(), needs.routes(), needs.signer(), urls, settings,
                needs.clock());
        this.sessions = new McpSessions(clients, consents, grants, needs.audit(), needs.clock());
        this.resources = List.of(
                new AuthorizationServerResource(AuthorizationServerMetadataDocument.json(urls, settings), keys),
                new AuthorizeResource(authorizations),
                new TokenEndpointResource(urls, new TokenGrants(clients, grants, accessTokens, settings,
                        needs.audit(), needs.metrics(), needs.clock()),
                        new Revocations(clients, grants, accessTokens, needs.clock()), clients),
                new BackChannelErrors(),
                new YourClientsResource(sessions, needs.signIn(), needs.signer()));
    }

    /** Wires the authorization server; fails when the keyring has no access token key. */
    public static IssuerFeature wire(IssuerSettings settings, Needs needs) {
        return new IssuerFeature(settings, needs);
    }

    /** Wires it and registers its endpoints and the purge of what can no longer be used with the application. */
    public static IssuerFeature install(Environment environment, IssuerFactory config, Needs needs) {
        IssuerFeature feature = wire(config.settings(), needs);
        feature.resources.forEach(environment.jersey()::register);
        environment.lifecycle().manage(new PurgeJob("expired authorization codes and refresh tokens",
                () -> feature.grants.purge(needs.clock().instant().minus(Duration.ofHours(1))),
                Duration.ofMinutes(10)));
        return feature;
    }

    /** Why the authorization server cannot start without user sign-in. */
    public static IllegalStateException signInMissing() {
        return new IllegalStateException("authorizationServer is enabled but user sign-in is not configured (signIn:):"
                + " the authorization server signs users in at the operator's identity provider");
    }

    /** What the gateway checks a bearer access token with. */
    public AccessTokens accessTokens() {
        return accessTokens;
    }

    /** Clients, consents and grants, for the console. */
    public McpSessions sessions() {
        return sessions;
    }

    /** The JAX-RS resources and the filter of their refusals (for tests that serve them without the application). */
    public List<Object> resources() {
        return resources;
    }
}
