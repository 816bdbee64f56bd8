package dev.latchkey.spi;

import java.util.List;
import java.util.Optional;

/**
 * The parts of RFC 9728 protected resource metadata the engine acts on. Received by
 * {@link ProviderPlugin#patchProtectedResourceMetadata} and returned by
 * {@link ProviderPlugin#supplyProtectedResourceMetadata}.
 *
 * @param resource             the resource identifier, compared as a string with the server's
 *                             canonical resource
 * @param authorizationServers issuer URLs, in order of preference; at least one
 * @param scopesSupported      advertised scopes; empty when none are advertised
 * @param resourceName         human-readable name, if any
 * @param relaxations          declared deviations, logged to the audit log (a changed
 *                             {@code resource} needs {@link RelaxationKind#ACCEPT_RESOURCE_MISMATCH})
 */
public record ProtectedResourceMetadata(String resource, List<String> authorizationServers,
                                        List<String> scopesSupported, Optional<String> resourceName,
                                        List<Relaxation> relaxations) {

    /** Validates URIs and copies the lists. */
    public ProtectedResourceMetadata {
        Checks.absoluteUriString(resource, "resource");
        authorizationServers = Checks.list(authorizationServers, "authorizationServers");
        if (authorizationServers.isEmpty()) {
            throw new IllegalArgumentException("authorizationServers must name at least one issuer");
        }
        authorizationServers.forEach(a -> Checks.absoluteUriString(a, "authorizationServers"));
        scopesSupported = Checks.tokens(scopesSupported, "scopesSupported");
        Checks.optional(resourceName, "resourceName");
        relaxations = Checks.relaxations(relaxations);
    }

    /** Metadata naming one authorization server, with nothing else advertised. */
    public static ProtectedResourceMetadata of(String resource, String authorizationServer) {
        return new ProtectedResourceMetadata(resource, List.of(authorizationServer), List.of(),
                Optional.empty(), List.of());
    }

    /** Returns a copy with a different resource; see {@link RelaxationKind#ACCEPT_RESOURCE_MISMATCH}. */
    public ProtectedResourceMetadata withResource(String newResource) {
        return new ProtectedResourceMetadata(newResource, authorizationServers, scopesSupported, resourceName, relaxations);
    }

    /** Returns a copy with different authorization servers. */
    public ProtectedResourceMetadata withAuthorizationServers(List<String> newServers) {
        return new ProtectedResourceMetadata(resource, newServers, scopesSupported, resourceName, relaxations);
    }

    /** Returns a copy with different advertised scopes. */
    public ProtectedResourceMetadata withScopesSupported(List<String> newScopes) {
        return new ProtectedResourceMetadata(resource, authorizationServers, newScopes, resourceName, relaxations);
    }

    /** Returns a copy with a resource name. */
    public ProtectedResourceMetadata withResourceName(String newName) {
        return new ProtectedResourceMetadata(resource, authorizationServers, scopesSupported,
                Optional.of(Checks.nonBlank(newName, "resourceName")), relaxations);
    }

    /** Returns a copy with {@code relaxation} appended. */
    public ProtectedResourceMetadata withRelaxation(Relaxation relaxation) {
        return new ProtectedResourceMetadata(resource, authorizationServers, scopesSupported, resourceName,
                Checks.append(relaxations, relaxation));
    }
}
