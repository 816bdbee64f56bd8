package dev.latchkey.spi;

/**
 * The specification rules a plugin may relax. Each constant says which change requires it; the
 * engine compares what a hook returned with what it passed in and refuses an undeclared deviation.
 */
public enum RelaxationKind {

    /**
     * Proceed with PKCE S256 although the authorization server metadata does not list
     * {@code S256} in {@code code_challenge_methods_supported} (e.g. AWS Cognito, Entra, GitHub).
     * Required when a hook adds {@code S256}; see
     * {@link AuthorizationServerMetadata#assumeS256(String)}.
     */
    ASSUME_PKCE_S256,

    /**
     * Leave out the RFC 8707 {@code resource} parameter from authorization and token requests
     * (e.g. Microsoft Entra v2). Required by {@link AuthorizationRequest} and
     * {@link TokenRequest} whenever their resource is empty.
     */
    OMIT_RESOURCE,

    /**
     * Send a {@code resource} other than the MCP server's canonical URI (e.g. a fixed
     * {@code https://mcp.asana.com/v2}).
     */
    OVERRIDE_RESOURCE,

    /**
     * Use authorization server metadata whose {@code issuer} is not identical to the issuer the
     * document was discovered for (e.g. Slack's {@code slack.com} served from
     * {@code mcp.slack.com}).
     */
    ACCEPT_ISSUER_MISMATCH,

    /**
     * Use protected resource metadata whose {@code resource} does not match the MCP server
     * (RFC 9728 §3.3 says abort).
     */
    ACCEPT_RESOURCE_MISMATCH,

    /**
     * Send the browser, a code, a refresh token or client credentials to an endpoint on another
     * origin than the authorization server's own: an authorization, token, registration or
     * revocation endpoint moved by a metadata patch, or supplied metadata whose endpoints do not lie
     * on the issuer's origin, or a token / authorization request sent elsewhere. (A revocation
     * request's endpoint cannot be moved by {@code customizeRevocationRequest}; patch the metadata.)
     */
    MOVE_ENDPOINT,

    /**
     * Stop requiring RFC 9207 {@code iss} on authorization responses from a server whose metadata
     * promises it ({@code authorization_response_iss_parameter_supported: true}); the mix-up defence
     * then rests on the per-server redirect URI alone.
     */
    SKIP_ISS_CHECK,

    /** Any other deviation; the reason must say which rule and why. */
    OTHER
}
