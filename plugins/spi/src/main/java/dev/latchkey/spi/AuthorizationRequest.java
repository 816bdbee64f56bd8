package dev.latchkey.spi;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The plugin-adjustable part of an authorization request, passed through
 * {@link ProviderPlugin#customizeAuthorizationRequest}. The engine adds the protocol parameters it
 * owns ({@code response_type}, {@code client_id}, {@code redirect_uri}, {@code state},
 * {@code code_challenge}, {@code code_challenge_method}); they cannot be set here.
 *
 * <p>Rendering: each scope is percent-encoded and the scopes are joined with
 * {@link #scopeSeparator()}, which is inserted verbatim except that a space becomes {@code %20}
 * (so {@code ","} and {@code "+"} reach the provider literally). No {@code scope} parameter is
 * sent when {@link #scopes()} is empty. Extra parameters follow, in order.
 *
 * @param endpoint        the authorization endpoint
 * @param scopes          scopes to request, in order; empty to send no {@code scope}
 * @param scopeSeparator  the separator between scopes, {@code " "} by default
 * @param resource        the RFC 8707 {@code resource}; empty only with a declared
 *                        {@link RelaxationKind#OMIT_RESOURCE}
 * @param extraParameters further parameters, e.g. {@code access_type=offline},
 *                        {@code prompt=consent}
 * @param relaxations     declared deviations, logged to the audit log
 */
public record AuthorizationRequest(URI endpoint, List<String> scopes, String scopeSeparator,
                                   Optional<String> resource, Parameters extraParameters,
                                   List<Relaxation> relaxations) {

    /** Query parameters that only the engine sets. */
    public static final Set<String> RESERVED_PARAMETERS = Set.of("response_type", "client_id", "redirect_uri",
            "state", "code_challenge", "code_challenge_method", "scope", "resource", "request", "request_uri");

    /** Validates the request and copies the lists. */
    public AuthorizationRequest {
        Checks.absolute(endpoint, "endpoint");
        scopes = Checks.tokens(scopes, "scopes");
        java.util.Objects.requireNonNull(scopeSeparator, "scopeSeparator");
        if (scopeSeparator.isEmpty() || scopeSeparator.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("scopeSeparator must be non-empty and on one line");
        }
        Checks.parameters(extraParameters, RESERVED_PARAMETERS, "extraParameters");
        relaxations = Checks.relaxations(relaxations);
        Checks.resource(resource, relaxations);
    }

    /** The engine's starting point: space-separated scopes, the canonical resource, nothing extra. */
    public static AuthorizationRequest of(URI endpoint, List<String> scopes, String resource) {
        return new AuthorizationRequest(endpoint, scopes, " ", Optional.of(resource), Parameters.empty(), List.of());
    }

    /** The unencoded {@code scope} value, or empty when no scope is requested. */
    public Optional<String> scopeValue() {
        return scopes.isEmpty() ? Optional.empty() : Optional.of(String.join(scopeSeparator, scopes));
    }

    /** Returns a copy with a different endpoint. */
    public AuthorizationRequest withEndpoint(URI v) {
        return new AuthorizationRequest(v, scopes, scopeSeparator, resource, extraParameters, relaxations);
    }

    /** Returns a copy requesting {@code v} instead. */
    public AuthorizationRequest withScopes(List<String> v) {
        return new AuthorizationRequest(endpoint, v, scopeSeparator, resource, extraParameters, relaxations);
    }

    /**
     * Returns a copy with every scope rewritten, e.g. Entra's {@code s -> api + "/.default"};
     * duplicates produced by the rewrite are dropped, keeping the first.
     */
    public AuthorizationRequest mapScopes(UnaryOperator<String> rewrite) {
        return withScopes(scopes.stream().map(rewrite).distinct().toList());
    }

    /** Returns a copy joining scopes with {@code v}, e.g. {@code ","} (Slack, Linear) or {@code "+"} (Attio). */
    public AuthorizationRequest withScopeSeparator(String v) {
        return new AuthorizationRequest(endpoint, scopes, v, resource, extraParameters, relaxations);
    }

    /** Returns a copy without {@code resource}, declaring {@link RelaxationKind#OMIT_RESOURCE}. */
    public AuthorizationRequest withoutResource(String reason) {
        List<Relaxation> r = Checks.declare(relaxations, RelaxationKind.OMIT_RESOURCE, reason);
        return new AuthorizationRequest(endpoint, scopes, scopeSeparator, Optional.empty(), extraParameters, r);
    }

    /** Returns a copy sending {@code v} as {@code resource}, declaring {@link RelaxationKind#OVERRIDE_RESOURCE}. */
    public AuthorizationRequest withResource(String v, String reason) {
        List<Relaxation> r = Checks.declare(relaxations, RelaxationKind.OVERRIDE_RESOURCE, reason);
        return new AuthorizationRequest(endpoint, scopes, scopeSeparator, Optional.of(v), extraParameters, r);
    }

    /** Returns a copy with the extra parameters replaced. */
    public AuthorizationRequest withExtraParameters(Parameters v) {
        return new AuthorizationRequest(endpoint, scopes, scopeSeparator, resource, v, relaxations);
    }

    /** Returns a copy with {@code name} set to {@code value} ({@link Parameters#set} semantics). */
    public AuthorizationRequest withParameter(String name, String value) {
        return withExtraParameters(extraParameters.set(name, value));
    }

    /** Returns a copy with space-separated {@code tokens} merged into {@code name} ({@link Parameters#merge}). */
    public AuthorizationRequest mergeParameter(String name, String tokens) {
        return withExtraParameters(extraParameters.merge(name, tokens));
    }

    /** Returns a copy with {@code relaxation} appended. */
    public AuthorizationRequest withRelaxation(Relaxation relaxation) {
        return new AuthorizationRequest(endpoint, scopes, scopeSeparator, resource, extraParameters,
                Checks.append(relaxations, relaxation));
    }
}
