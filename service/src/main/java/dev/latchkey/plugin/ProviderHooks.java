package dev.latchkey.plugin;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.RegistrationChoice;
import dev.latchkey.spi.RelaxationKind;
import dev.latchkey.spi.RevocationRequest;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What the flow engine calls, in the SPI's order: discovery, registration, the authorization
 * request, token requests and responses, revocation. Takes and returns the engine's own records
 * where discovery needs them, enforces that spec departures are declared (a changed PRM resource,
 * an added S256, a changed issuer), and reports each plugin that acted through {@code acted}
 * (a timeline step's {@code plugin}).
 */
public final class ProviderHooks {

    private static final ProviderHooks NONE = new ProviderHooks(List.of(), null, Clock.systemUTC());

    private final PluginChain chain;
    private final RecentMatches recent;

    public ProviderHooks(List<LoadedPlugin> plugins, AuditLog audit, Clock clock) {
        this(plugins, audit, clock, DomainMetrics.unexported());
    }

    public ProviderHooks(List<LoadedPlugin> plugins, AuditLog audit, Clock clock, DomainMetrics metrics) {
        this.recent = new RecentMatches(clock);
        this.chain = new PluginChain(plugins, audit, recent, metrics);
    }

    /** No plugins at all: every hook returns its input. */
    public static ProviderHooks none() {
        return NONE;
    }

    List<LoadedPlugin> plugins() {
        return chain.plugins();
    }

    RecentMatches recent() {
        return recent;
    }

    /** The names of the plugins that apply, joined: part of the cache key of documents they patch. */
    public String applicableIds(ProviderScope scope) {
        return chain.applicable(scope).stream().map(LoadedPlugin::displayName).collect(Collectors.joining(","));
    }

    /** Every RFC 9728 probe failed: a plugin may supply the document (selected by server, before discovery). */
    public Optional<ProtectedResourceMetadata> supplyResourceMetadata(ProviderScope scope, Consumer<String> acted) {
        Optional<dev.latchkey.spi.ProtectedResourceMetadata> supplied = chain.run(Hook.SUPPLY_PROTECTED_RESOURCE_METADATA,
                scope, Optional.empty(), acted, (p, in) -> in.isPresent() ? in
                        : p.plugin().supplyProtectedResourceMetadata(scope.context(p.config())), PluginChain::none);
        return supplied.map(prm -> MetadataMapping.fromSpi(prm, scope.serverUrl()));
    }

    public ProtectedResourceMetadata patchResourceMetadata(ProtectedResourceMetadata prm, ProviderScope scope,
                                                           Consumer<String> acted) {
        if (chain.applicable(scope).isEmpty()) {
            return prm;
        }
        var original = MetadataMapping.toSpi(prm);
        var patched = chain.run(Hook.PATCH_PROTECTED_RESOURCE_METADATA, scope, original, acted,
                (p, in) -> p.plugin().patchProtectedResourceMetadata(in, scope.context(p.config())),
                dev.latchkey.spi.ProtectedResourceMetadata::relaxations);
        if (!patched.resource().equals(original.resource()) && patched.relaxations().stream()
                .noneMatch(r -> r.kind() == RelaxationKind.ACCEPT_RESOURCE_MISMATCH)) {
            throw Failure.upstream("plugin_failed", "a plugin changed the protected resource to "
                    + patched.resource() + " without declaring ACCEPT_RESOURCE_MISMATCH");
        }
        return MetadataMapping.fromSpi(patched, prm.fetchedFrom());
    }

    /** No usable document at any well-known URL: a plugin may supply static metadata. */
    public Optional<AuthorizationServerMetadata> supplyAuthorizationServer(String issuer, ProviderScope scope,
                                                                           Consumer<String> acted) {
        ProviderScope withIssuer = scope.withIssuer(issuer);
        List<String> names = new ArrayList<>();
        Optional<dev.latchkey.spi.AuthorizationServerMetadata> supplied = chain.run(
                Hook.SUPPLY_AUTHORIZATION_SERVER_METADATA, withIssuer, Optional.empty(), both(acted, names),
                (p, in) -> in.isPresent() ? in
                        : p.plugin().supplyAuthorizationServerMetadata(issuer, withIssuer.context(p.config())),
                in -> in.map(dev.latchkey.spi.AuthorizationServerMetadata::relaxations).orElse(List.of()));
        supplied.ifPresent(as -> {
            URI home = URI.create(issuer);
            for (URI endpoint : endpoints(as)) {
                if (!ResourceUris.sameOrigin(home, endpoint) && !declared(as.relaxations(), RelaxationKind.MOVE_ENDPOINT)) {
                    throw Failure.upstream("plugin_failed", "a plugin supplied metadata for " + issuer
                            + " with an endpoint on another origin (" + ResourceUris.origin(endpoint)
                            + ") without declaring MOVE_ENDPOINT");
                }
            }
        });
        return supplied.map(as -> MetadataMapping.fromSpi(as, Optional.empty(), String.join(", ", names)));
    }

    /** Patches the document about to be used; adding S256 or changing the issuer must be declared. */
    public AuthorizationServerMetadata patchAuthorizationServer(AuthorizationServerMetadata as, ProviderScope scope,
                                                                Consumer<String> acted) {
        ProviderScope withIssuer = scope.withIssuer(as.issuer());
        if (chain.applicable(withIssuer).isEmpty()) {
            return as;
        }
        List<String> names = new ArrayList<>();
        var original = MetadataMapping.toSpi(as);
        var patched = chain.run(Hook.PATCH_AUTHORIZATION_SERVER_METADATA, withIssuer, original, both(acted, names),
                (p, in) -> p.plugin().patchAuthorizationServerMetadata(in, withIssuer.context(p.config())),
                dev.latchkey.spi.AuthorizationServerMetadata::relaxations);
        boolean addedS256 = !original.supportsS256() && patched.supportsS256();
        if (addedS256 && !declared(patched.relaxations(), RelaxationKind.ASSUME_PKCE_S256)) {
            throw Failure.upstream("plugin_failed", "a plugin added S256 for " + as.issuer()
                    + " without declaring ASSUME_PKCE_S256");
        }
        if (!patched.issuer().equals(original.issuer())
                && !declared(patched.relaxations(), RelaxationKind.ACCEPT_ISSUER_MISMATCH)) {
            throw Failure.upstream("plugin_failed", "a plugin changed the issuer of " + as.issuer()
                    + " without declaring ACCEPT_ISSUER_MISMATCH");
        }
        checkWeakenings(as.issuer(), original, patched);
        return MetadataMapping.fromSpi(patched, Optional.of(as), String.join(", ", names));
    }

    /**
     * What a patch may not do silently: drop PKCE (never allowed — Latchkey always sends S256), stop
     * the {@code iss} check (SKIP_ISS_CHECK), or move an endpoint to another origin (MOVE_ENDPOINT).
     */
    private static void checkWeakenings(String issuer, dev.latchkey.spi.AuthorizationServerMetadata original,
                                        dev.latchkey.spi.AuthorizationServerMetadata patched) {
        if (original.supportsS256() && !patched.supportsS256()) {
            throw Failure.upstream("plugin_failed", "a plugin removed S256 for " + issuer
                    + "; PKCE cannot be turned off");
        }
        if (original.authorizationResponseIssParameterSupported() && !patched.authorizationResponseIssParameterSupported()
                && !declared(patched.relaxations(), RelaxationKind.SKIP_ISS_CHECK)) {
            throw Failure.upstream("plugin_failed", "a plugin turned off the iss check for " + issuer
                    + " without declaring SKIP_ISS_CHECK");
        }
        List<URI> before = endpoints(original);
        List<URI> after = endpoints(patched);
        boolean moved = after.stream().anyMatch(endpoint -> before.stream()
                .noneMatch(known -> ResourceUris.sameOrigin(known, endpoint)));
        if (moved && !declared(patched.relaxations(), RelaxationKind.MOVE_ENDPOINT)) {
            throw Failure.upstream("plugin_failed", "a plugin moved an endpoint of " + issuer
                    + " to another origin without declaring MOVE_ENDPOINT");
        }
    }

    /** The endpoints a document sends browsers, codes, tokens or credentials to. */
    private static List<URI> endpoints(dev.latchkey.spi.AuthorizationServerMetadata as) {
        List<URI> out = new ArrayList<>(List.of(as.authorizationEndpoint(), as.tokenEndpoint()));
        as.registrationEndpoint().ifPresent(out::add);
        as.revocationEndpoint().ifPresent(out::add);
        return out;
    }

    private static void requireSameOrigin(String what, URI before, URI after, List<dev.latchkey.spi.Relaxation> relaxations) {
        if (!ResourceUris.sameOrigin(before, after) && !declared(relaxations, RelaxationKind.MOVE_ENDPOINT)) {
            throw Failure.upstream("plugin_failed", "a plugin sent the " + what + " to another origin ("
                    + ResourceUris.origin(after) + ") without declaring MOVE_ENDPOINT");
        }
    }

    public Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                                                           AuthorizationServerMetadata as, ProviderScope scope,
                                                           Consumer<String> acted) {
        ProviderScope withIssuer = scope.withIssuer(as.issuer());
        if (chain.applicable(withIssuer).isEmpty()) {
            return proposed;
        }
        var metadata = MetadataMapping.toSpi(as);
        return chain.run(Hook.CHOOSE_REGISTRATION, withIssuer, proposed, acted,
                (p, in) -> p.plugin().chooseRegistration(in, metadata, withIssuer.context(p.config())),
                PluginChain::none);
    }

    public AuthorizationRequest customizeAuthorization(AuthorizationRequest request, ProviderScope scope,
                                                       Consumer<String> acted) {
        AuthorizationRequest out = chain.run(Hook.CUSTOMIZE_AUTHORIZATION_REQUEST, scope, request, acted,
                (p, in) -> p.plugin().customizeAuthorizationRequest(in, scope.context(p.config())),
                AuthorizationRequest::relaxations);
        requireSameOrigin("authorization request", request.endpoint(), out.endpoint(), out.relaxations());
        return out;
    }

    /** {@code customizeTokenRequest} for a code exchange, {@code customizeRefreshRequest} for a refresh. */
    public TokenRequest customizeToken(TokenRequest request, ProviderScope scope, Consumer<String> acted) {
        boolean refresh = request.grantType() == TokenRequest.GrantType.REFRESH_TOKEN;
        TokenRequest out = chain.run(refresh ? Hook.CUSTOMIZE_REFRESH_REQUEST : Hook.CUSTOMIZE_TOKEN_REQUEST, scope, request,
                acted, (p, in) -> refresh ? p.plugin().customizeRefreshRequest(in, scope.context(p.config()))
                        : p.plugin().customizeTokenRequest(in, scope.context(p.config())),
                TokenRequest::relaxations);
        if (out.grantType() != request.grantType()) {
            throw Failure.upstream("plugin_failed", "a plugin changed the grant type of a token request");
        }
        requireSameOrigin(refresh ? "refresh token" : "authorization code", request.endpoint(), out.endpoint(),
                out.relaxations());
        return out;
    }

    public TokenResponse normalize(TokenResponse response, TokenRequest.GrantType grant, ProviderScope scope,
                                   Consumer<String> acted) {
        return chain.run(Hook.NORMALIZE_TOKEN_RESPONSE, scope, response, acted,
                (p, in) -> p.plugin().normalizeTokenResponse(in, grant, scope.context(p.config())), PluginChain::none);
    }

    public RevocationRequest customizeRevocation(RevocationRequest request, ProviderScope scope,
                                                 Consumer<String> acted) {
        RevocationRequest out = chain.run(Hook.CUSTOMIZE_REVOCATION_REQUEST, scope, request, acted,
                (p, in) -> p.plugin().customizeRevocationRequest(in, scope.context(p.config())), PluginChain::none);
        requireSameOrigin("token to revoke", request.endpoint(), out.endpoint(), List.of());
        return out;
    }

    private static boolean declared(List<dev.latchkey.spi.Relaxation> relaxations, RelaxationKind kind) {
        return relaxations.stream().anyMatch(r -> r.kind() == kind);
    }

    private static Consumer<String> both(Consumer<String> acted, List<String> names) {
        return name -> {
            acted.accept(name);
            names.add(name);
        };
    }
}
