package dev.latchkey.spi;

import java.util.Optional;

/**
 * Adapts the engine's standard MCP authorization flow to one provider's quirks. Created by
 * {@link ProviderPluginFactory#create()} and used concurrently by many flows, so implementations
 * must be thread-safe; keep per-flow state out of fields (everything a hook needs arrives as
 * arguments).
 *
 * <p>Only {@link #appliesTo(ProviderTarget)} must be implemented. Every hook has a do-nothing
 * default that returns its input unchanged, so a plugin overrides just the hooks its provider
 * needs. Hooks take and return immutable SPI records and never receive or return {@code null}.
 * A hook fails the operation by throwing {@link PluginException} with a safe message; any other
 * exception is reported as an internal plugin failure.
 *
 * <p>Hooks in the order the engine calls them during one authorization:
 * {@link #supplyProtectedResourceMetadata} (only when none was found),
 * {@link #patchProtectedResourceMetadata}, {@link #supplyAuthorizationServerMetadata} (only when
 * none usable was found), {@link #patchAuthorizationServerMetadata},
 * {@link #chooseRegistration} (only when no stored client exists for the issuer and redirect URI),
 * {@link #customizeAuthorizationRequest}, {@link #customizeTokenRequest},
 * {@link #normalizeTokenResponse}. Later: {@link #customizeRefreshRequest} then
 * {@link #normalizeTokenResponse} on each refresh, and {@link #customizeRevocationRequest} when a
 * connection is removed.
 */
public interface ProviderPlugin {

    /**
     * Whether this plugin handles the target. Called once with no issuer before protected resource
     * metadata discovery (selecting the plugin for the two protected-resource hooks), and again with
     * the issuer once it is known (selecting it for every later hook). Must be cheap, side-effect
     * free and consistent for equal targets.
     */
    boolean appliesTo(ProviderTarget target);

    /**
     * Supplies protected resource metadata when the server publishes none (every RFC 9728 probe
     * failed). Return empty to let the engine continue without (legacy mode, if enabled, or a
     * clear error). The engine then passes the supplied record through
     * {@link #patchProtectedResourceMetadata} and applies its usual checks.
     */
    default Optional<ProtectedResourceMetadata> supplyProtectedResourceMetadata(ProviderContext context) {
        return Optional.empty();
    }

    /**
     * Patches the protected resource metadata the engine is about to use, e.g. adds scopes or
     * reorders authorization servers. A changed {@code resource} must declare
     * {@link RelaxationKind#ACCEPT_RESOURCE_MISMATCH}.
     */
    default ProtectedResourceMetadata patchProtectedResourceMetadata(ProtectedResourceMetadata metadata,
                                                                     ProviderContext context) {
        return metadata;
    }

    /**
     * Supplies authorization server metadata for {@code issuer} when discovery found no usable
     * document (none at any well-known URL, or one whose issuer did not match), e.g. static
     * endpoints. An issuer different from {@code issuer} must declare
     * {@link RelaxationKind#ACCEPT_ISSUER_MISMATCH}. The engine passes the result through
     * {@link #patchAuthorizationServerMetadata}.
     */
    default Optional<AuthorizationServerMetadata> supplyAuthorizationServerMetadata(String issuer,
                                                                                    ProviderContext context) {
        return Optional.empty();
    }

    /**
     * Patches the authorization server metadata the engine is about to use, e.g.
     * {@link AuthorizationServerMetadata#assumeS256(String)} or a missing revocation endpoint.
     * Adding {@code S256} must declare {@link RelaxationKind#ASSUME_PKCE_S256}; changing the issuer
     * must declare {@link RelaxationKind#ACCEPT_ISSUER_MISMATCH}.
     */
    default AuthorizationServerMetadata patchAuthorizationServerMetadata(AuthorizationServerMetadata metadata,
                                                                         ProviderContext context) {
        return metadata;
    }

    /**
     * Chooses how to obtain a client at the authorization server. {@code proposed} is the engine's
     * choice by the specification's priority (operator-configured credentials, then CIMD when
     * advertised, then dynamic registration when there is a registration endpoint), or empty when
     * none applies. Return a different choice (e.g. credentials from this plugin's configuration,
     * or a {@link DynamicRegistration} with adjusted {@code client_name} or auth method), or empty
     * to make the engine report that credentials must be configured for this server.
     */
    default Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                                                            AuthorizationServerMetadata metadata,
                                                            ProviderContext context) {
        return proposed;
    }

    /**
     * Adjusts the authorization request before the user is redirected: extra or merged
     * parameters, scope rewriting and separator, or omitting {@code resource}.
     */
    default AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest request,
                                                               ProviderContext context) {
        return request;
    }

    /**
     * Adjusts the authorization code exchange: headers such as {@code Accept: application/json},
     * the client authentication method, the body format, or omitting {@code resource}.
     */
    default TokenRequest customizeTokenRequest(TokenRequest request, ProviderContext context) {
        return request;
    }

    /**
     * Normalises every token endpoint response (success or error, code exchange or refresh)
     * before the engine interprets it: lift nested tokens, convert {@code expires_in}, add a
     * missing {@code token_type}, parse a mislabelled form body. A 2xx response carrying
     * {@code error} is already treated as a failure by the engine.
     *
     * @param grantType which request produced this response
     */
    default TokenResponse normalizeTokenResponse(TokenResponse response, TokenRequest.GrantType grantType,
                                                 ProviderContext context) {
        return response;
    }

    /**
     * Adjusts a refresh request. Separate from {@link #customizeTokenRequest} because providers
     * differ (a separate refresh URL, say); a plugin that needs the same changes for both calls
     * one from the other.
     */
    default TokenRequest customizeRefreshRequest(TokenRequest request, ProviderContext context) {
        return request;
    }

    /** Adjusts a token revocation request. */
    default RevocationRequest customizeRevocationRequest(RevocationRequest request, ProviderContext context) {
        return request;
    }
}
