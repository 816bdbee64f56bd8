package dev.latchkey.spi;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The plugin-adjustable part of a token endpoint request: the authorization code exchange
 * ({@link ProviderPlugin#customizeTokenRequest}) and the refresh
 * ({@link ProviderPlugin#customizeRefreshRequest}). The engine adds what it owns: the grant
 * parameters ({@code code}, {@code code_verifier}, {@code redirect_uri}, {@code refresh_token}),
 * client credentials according to {@link #clientAuthMethod()}, {@code resource}, and the
 * {@code Authorization} and {@code Content-Type} headers.
 *
 * @param grantType        which grant this is (a fact; changing it is refused by the engine)
 * @param endpoint         the token endpoint (a provider may use a separate refresh URL)
 * @param clientAuthMethod how the client authenticates; the engine must hold a secret for the
 *                         secret-based methods
 * @param resource         the RFC 8707 {@code resource}; the engine proposes the value sent in the
 *                         authorization request; empty only with a declared
 *                         {@link RelaxationKind#OMIT_RESOURCE}
 * @param bodyFormat       how the body is encoded, form by default
 * @param headers          extra headers, e.g. {@code Accept: application/json}
 * @param extraParameters  extra body parameters
 * @param relaxations      declared deviations, logged to the audit log
 */
public record TokenRequest(GrantType grantType, URI endpoint, ClientAuthMethod clientAuthMethod,
                           Optional<String> resource, BodyFormat bodyFormat, Parameters headers,
                           Parameters extraParameters, List<Relaxation> relaxations) {

    /** Body parameters that only the engine sets. */
    public static final Set<String> RESERVED_PARAMETERS = Set.of("grant_type", "code", "code_verifier",
            "redirect_uri", "refresh_token", "client_id", "client_secret", "client_assertion",
            "client_assertion_type", "resource");

    /** The grant of a token request. */
    public enum GrantType {
        /** Exchange of an authorization code (RFC 6749 §4.1.3). */
        AUTHORIZATION_CODE("authorization_code"),
        /** Refresh (RFC 6749 §6). */
        REFRESH_TOKEN("refresh_token");

        private final String wireName;

        GrantType(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code grant_type} value. */
        public String wireName() {
            return wireName;
        }
    }

    /** How the request body is encoded. */
    public enum BodyFormat {
        /** {@code application/x-www-form-urlencoded}, as RFC 6749 requires. */
        FORM,
        /** {@code application/json}, for providers that insist on it. */
        JSON
    }

    /** Validates the request. */
    public TokenRequest {
        Objects.requireNonNull(grantType, "grantType");
        Checks.absolute(endpoint, "endpoint");
        Objects.requireNonNull(clientAuthMethod, "clientAuthMethod");
        Objects.requireNonNull(bodyFormat, "bodyFormat");
        Checks.headers(headers);
        Checks.parameters(extraParameters, RESERVED_PARAMETERS, "extraParameters");
        relaxations = Checks.relaxations(relaxations);
        Checks.resource(resource, relaxations);
    }

    /** The engine's starting point: a form body with no extra headers or parameters. */
    public static TokenRequest of(GrantType grantType, URI endpoint, ClientAuthMethod clientAuthMethod, String resource) {
        return new TokenRequest(grantType, endpoint, clientAuthMethod, Optional.of(resource), BodyFormat.FORM,
                Parameters.headers(), Parameters.empty(), List.of());
    }

    /** Returns a copy with a different endpoint. */
    public TokenRequest withEndpoint(URI v) {
        return new TokenRequest(grantType, v, clientAuthMethod, resource, bodyFormat, headers, extraParameters, relaxations);
    }

    /** Returns a copy authenticating with {@code v}. */
    public TokenRequest withClientAuthMethod(ClientAuthMethod v) {
        return new TokenRequest(grantType, endpoint, v, resource, bodyFormat, headers, extraParameters, relaxations);
    }

    /** Returns a copy without {@code resource}, declaring {@link RelaxationKind#OMIT_RESOURCE}. */
    public TokenRequest withoutResource(String reason) {
        List<Relaxation> r = Checks.declare(relaxations, RelaxationKind.OMIT_RESOURCE, reason);
        return new TokenRequest(grantType, endpoint, clientAuthMethod, Optional.empty(), bodyFormat, headers,
                extraParameters, r);
    }

    /** Returns a copy encoding the body as {@code v}. */
    public TokenRequest withBodyFormat(BodyFormat v) {
        return new TokenRequest(grantType, endpoint, clientAuthMethod, resource, v, headers, extraParameters, relaxations);
    }

    /** Returns a copy with the header list replaced (must come from {@link Parameters#headers()}). */
    public TokenRequest withHeaders(Parameters v) {
        return new TokenRequest(grantType, endpoint, clientAuthMethod, resource, bodyFormat, v, extraParameters, relaxations);
    }

    /** Returns a copy with header {@code name} set to {@code value}, replacing any earlier value. */
    public TokenRequest withHeader(String name, String value) {
        return withHeaders(headers.set(name, value));
    }

    /** Returns a copy with the extra body parameters replaced. */
    public TokenRequest withExtraParameters(Parameters v) {
        return new TokenRequest(grantType, endpoint, clientAuthMethod, resource, bodyFormat, headers, v, relaxations);
    }

    /** Returns a copy with body parameter {@code name} set to {@code value}. */
    public TokenRequest withParameter(String name, String value) {
        return withExtraParameters(extraParameters.set(name, value));
    }

    /** Returns a copy with {@code relaxation} appended. */
    public TokenRequest withRelaxation(Relaxation relaxation) {
        return new TokenRequest(grantType, endpoint, clientAuthMethod, resource, bodyFormat, headers, extraParameters,
                Checks.append(relaxations, relaxation));
    }
}
