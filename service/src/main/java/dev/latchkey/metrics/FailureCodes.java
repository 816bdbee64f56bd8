package dev.latchkey.metrics;

import java.util.Set;

/**
 * The flow failure codes a metric label may carry: Latchkey's own and the error codes of the OAuth
 * and OpenID Connect registries. An authorization server can send any error code it likes in a
 * callback or a token response; as a label that would let it grow the series without bound, so
 * any other code is counted as {@code other} (the flow itself keeps the real one).
 */
final class FailureCodes {

    static final String OTHER = "other";

    private static final Set<String> KNOWN = Set.of(
            // Latchkey's own, from discovery, registration, the callback's checks and the token exchange
            "authorization_server_unavailable", "client_unavailable", "credentials_not_for_issuer",
            "discovery_failed", "egress_blocked", "insecure_endpoint", "invalid_token_response", "invalid_url",
            "iss_mismatch", "iss_missing", "issuer_mismatch", "pkce_unsupported", "plugin_failed",
            "redirect_mismatch", "registration_failed", "registration_unavailable", "resource_mismatch",
            "response_too_large", "step_up_limit", "timeout", "unreachable", "unsupported_client_auth",
            "unknown_error",
            // RFC 6749 (authorization and token endpoints), RFC 8707, RFC 6750
            "invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type",
            "invalid_scope", "server_error", "temporarily_unavailable", "invalid_client", "invalid_grant",
            "unsupported_grant_type", "invalid_target", "insufficient_scope",
            // OpenID Connect Core 1.0 §3.1.2.6
            "interaction_required", "login_required", "account_selection_required", "consent_required",
            "invalid_request_uri", "invalid_request_object", "request_not_supported",
            "request_uri_not_supported", "registration_not_supported",
            // RFC 7591
            "invalid_redirect_uri", "invalid_client_metadata", "invalid_software_statement",
            "unapproved_software_statement");

    private FailureCodes() {
    }

    /** {@code code} itself when it is a known one, else {@code other}. */
    static String label(String code) {
        return code != null && KNOWN.contains(code) ? code : OTHER;
    }
}
