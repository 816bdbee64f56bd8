package dev.latchkey.testkit;

/**
 * The ways a real authorization server breaks a generic client (provider-quirks.md), each a switch
 * on {@link FakeProvider}. With none enabled the fake behaves by the MCP authorization spec.
 */
public enum Quirk {
    /** No {@code registration_endpoint}; {@code /register} answers HTTP 422 (GitHub, Slack, Entra). */
    NO_DYNAMIC_REGISTRATION,
    /** No {@code code_challenge_methods_supported} in the metadata, though S256 works (GitHub, Entra, Cognito). */
    NO_PKCE_METADATA,
    /** The token endpoint answers form-encoded unless the request accepts JSON (GitHub). */
    FORM_ENCODED_TOKEN_UNLESS_JSON,
    /** Token endpoint errors come with HTTP 200 and an {@code error} member (GitHub). */
    TOKEN_ERRORS_WITH_HTTP_200,
    /** Scopes must be comma-separated; a space-separated list is rejected as {@code invalid_scope} (Slack). */
    COMMA_SEPARATED_SCOPES,
    /** The user token is nested under {@code authed_user}, labelled {@code token_type: user} (Slack). */
    TOKENS_NESTED_UNDER_AUTHED_USER,
    /** No {@code expires_in} and no refresh token in token responses (Slack). */
    NO_EXPIRES_IN,
    /** A refresh token only with {@code access_type=offline} and {@code consent} in {@code prompt} (Google). */
    REFRESH_TOKEN_ONLY_WITH_OFFLINE_CONSENT,
    /** The resource metadata lists the issuer with a trailing slash the metadata's issuer lacks (Google). */
    TRAILING_SLASH_ISSUER_IN_RESOURCE_METADATA,
    /** {@code resource} is rejected at the authorization and token endpoints, AADSTS9010010 (Entra). */
    REJECTS_RESOURCE_PARAMETER,
    /** Only {@code {api}/.default} (and OpenID) scopes are accepted; others resolve to Graph, AADSTS650053 (Entra). */
    DEFAULT_SCOPES_ONLY
}
