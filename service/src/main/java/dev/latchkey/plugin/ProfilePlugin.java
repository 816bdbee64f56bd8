package dev.latchkey.plugin;

import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.AuthorizationServerMetadata;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.PreRegisteredClient;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderMatch;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderTarget;
import dev.latchkey.spi.RegistrationChoice;
import dev.latchkey.spi.Relaxation;
import dev.latchkey.spi.RelaxationKind;
import dev.latchkey.spi.TokenRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A declarative profile from config.yml as a plugin: matched by exact issuer or by host (with
 * subdomains), it applies each configured quirk through the same hooks and relaxation rules as
 * code plugins do.
 */
final class ProfilePlugin implements ProviderPlugin {

    private final String name;
    private final ProviderMatch match;
    private final Optional<PreRegisteredClient> client;
    private final Optional<String> scopeSeparator;
    private final Map<String, String> parameters;
    private final boolean omitResource;
    private final boolean assumeS256;
    private final Optional<URI> authorizationEndpoint;
    private final Optional<URI> tokenEndpoint;
    private final Optional<URI> revocationEndpoint;

    /** Validates the profile; an {@link IllegalArgumentException} names what is wrong (never a secret). */
    ProfilePlugin(ProfileFactory profile) {
        this.name = profile.getName();
        this.match = new ProviderMatch(profile.getHosts().stream().map(h -> h.toLowerCase(java.util.Locale.ROOT))
                .toList(), profile.getIssuers());
        if (match.issuers().isEmpty() && match.hosts().isEmpty()) {
            throw new IllegalArgumentException("profile " + name + " matches nothing: give issuers or hosts");
        }
        this.client = credentials(profile);
        this.scopeSeparator = profile.getScopeSeparator();
        this.parameters = Map.copyOf(profile.getAuthorizationParameters());
        this.omitResource = profile.isOmitResource();
        this.assumeS256 = profile.isAssumeS256();
        this.authorizationEndpoint = profile.getAuthorizationEndpoint();
        this.tokenEndpoint = profile.getTokenEndpoint();
        this.revocationEndpoint = profile.getRevocationEndpoint();
        if (authorizationEndpoint.isPresent() != tokenEndpoint.isPresent()) {
            throw new IllegalArgumentException("profile " + name + ": give both authorizationEndpoint and tokenEndpoint");
        }
        // Fail at start, not mid-flow: the request record refuses engine-owned names.
        AuthorizationRequest.of(URI.create("https://check.invalid/"), List.of(), "https://check.invalid/")
                .withExtraParameters(parameters(dev.latchkey.spi.Parameters.empty()));
    }

    private static Optional<PreRegisteredClient> credentials(ProfileFactory p) {
        if (p.getClientId().isEmpty()) {
            if (p.getClientSecret().isPresent()) {
                throw new IllegalArgumentException("profile " + p.getName() + " has a clientSecret but no clientId");
            }
            return Optional.empty();
        }
        ClientAuthMethod method = p.getTokenEndpointAuthMethod().map(m -> ClientAuthMethod.fromWireName(m)
                .orElseThrow(() -> new IllegalArgumentException("profile " + p.getName()
                        + ": unknown tokenEndpointAuthMethod " + m)))
                .orElse(p.getClientSecret().isPresent() ? ClientAuthMethod.CLIENT_SECRET_BASIC : ClientAuthMethod.NONE);
        if (p.getIssuers().isEmpty()) {
            throw new IllegalArgumentException("profile " + p.getName() + " has a clientId but no issuers: name the"
                    + " authorization server issuers its credentials belong to (hosts alone may apply quirks, never"
                    + " credentials)");
        }
        return Optional.of(new PreRegisteredClient(p.getClientId().get(), p.getClientSecret(), method)
                .boundTo(p.getIssuers()));
    }

    @Override
    public boolean appliesTo(ProviderTarget target) {
        return match.matches(target);
    }

    @Override
    public Optional<AuthorizationServerMetadata> supplyAuthorizationServerMetadata(String issuer, ProviderContext context) {
        if (authorizationEndpoint.isEmpty()) {
            return Optional.empty();
        }
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.of(issuer, authorizationEndpoint.get(),
                tokenEndpoint.orElseThrow()).withRevocationEndpoint(revocationEndpoint);
        return Optional.of(declareMoves(issuer, patchAuthorizationServerMetadata(metadata, context)));
    }

    @Override
    public AuthorizationServerMetadata patchAuthorizationServerMetadata(AuthorizationServerMetadata metadata,
                                                                        ProviderContext context) {
        AuthorizationServerMetadata out = metadata;
        if (authorizationEndpoint.isPresent()) {
            out = out.withAuthorizationEndpoint(authorizationEndpoint.get()).withTokenEndpoint(tokenEndpoint.orElseThrow());
        }
        if (revocationEndpoint.isPresent()) {
            out = out.withRevocationEndpoint(revocationEndpoint);
        }
        out = declareMoves(metadata.issuer(), out);
        return assumeS256 ? out.assumeS256("profile " + name + " sets assumeS256") : out;
    }

    /** Endpoints the operator configured on another origin than the issuer's are a declared, audited move. */
    private AuthorizationServerMetadata declareMoves(String issuer, AuthorizationServerMetadata metadata) {
        URI home = URI.create(issuer);
        boolean elsewhere = java.util.stream.Stream.of(authorizationEndpoint, tokenEndpoint, revocationEndpoint)
                .flatMap(Optional::stream).anyMatch(endpoint -> !ResourceUris.sameOrigin(home,
                        endpoint));
        boolean declared = metadata.relaxations().stream().anyMatch(r -> r.kind() == RelaxationKind.MOVE_ENDPOINT);
        return elsewhere && !declared ? metadata.withRelaxation(new Relaxation(RelaxationKind.MOVE_ENDPOINT,
                "profile " + name + " configures endpoints on another origin than " + issuer)) : metadata;
    }

    @Override
    public Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                                                           AuthorizationServerMetadata metadata, ProviderContext context) {
        return client.<RegistrationChoice>map(c -> c).or(() -> proposed);
    }

    @Override
    public AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest request, ProviderContext context) {
        AuthorizationRequest out = scopeSeparator.map(request::withScopeSeparator).orElse(request)
                .withExtraParameters(parameters(request.extraParameters()));
        return omitResource ? out.withoutResource("profile " + name + " sets omitResource") : out;
    }

    @Override
    public TokenRequest customizeTokenRequest(TokenRequest request, ProviderContext context) {
        return omitResource ? request.withoutResource("profile " + name + " sets omitResource") : request;
    }

    @Override
    public TokenRequest customizeRefreshRequest(TokenRequest request, ProviderContext context) {
        return customizeTokenRequest(request, context);
    }

    private dev.latchkey.spi.Parameters parameters(dev.latchkey.spi.Parameters existing) {
        dev.latchkey.spi.Parameters out = existing;
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(parameters).entrySet()) {
            out = out.set(p.getKey(), p.getValue());
        }
        return out;
    }
}
