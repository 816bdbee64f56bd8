package dev.latchkey.spi;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * The plugin-adjustable part of an RFC 7009 revocation request, passed through
 * {@link ProviderPlugin#customizeRevocationRequest}. The engine adds {@code token},
 * {@code token_type_hint} and client credentials; it decides which token is revoked.
 *
 * @param endpoint         the revocation endpoint
 * @param tokenTypeHint    which token is being revoked (a fact; changes are ignored)
 * @param clientAuthMethod how the client authenticates
 * @param headers          extra headers
 * @param extraParameters  extra body parameters
 */
public record RevocationRequest(URI endpoint, TokenTypeHint tokenTypeHint, ClientAuthMethod clientAuthMethod,
                                Parameters headers, Parameters extraParameters) {

    /** Body parameters that only the engine sets. */
    public static final Set<String> RESERVED_PARAMETERS = Set.of("token", "token_type_hint", "client_id",
            "client_secret", "client_assertion", "client_assertion_type");

    /** The kind of token being revoked. */
    public enum TokenTypeHint {
        /** An access token. */
        ACCESS_TOKEN("access_token"),
        /** A refresh token (revoking it usually revokes the grant). */
        REFRESH_TOKEN("refresh_token");

        private final String wireName;

        TokenTypeHint(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code token_type_hint} value. */
        public String wireName() {
            return wireName;
        }
    }

    /** Validates the request. */
    public RevocationRequest {
        Checks.absolute(endpoint, "endpoint");
        Objects.requireNonNull(tokenTypeHint, "tokenTypeHint");
        Objects.requireNonNull(clientAuthMethod, "clientAuthMethod");
        Checks.headers(headers);
        Checks.parameters(extraParameters, RESERVED_PARAMETERS, "extraParameters");
    }

    /** The engine's starting point: no extra headers or parameters. */
    public static RevocationRequest of(URI endpoint, TokenTypeHint hint, ClientAuthMethod clientAuthMethod) {
        return new RevocationRequest(endpoint, hint, clientAuthMethod, Parameters.headers(), Parameters.empty());
    }

    /** Returns a copy with a different endpoint. */
    public RevocationRequest withEndpoint(URI v) {
        return new RevocationRequest(v, tokenTypeHint, clientAuthMethod, headers, extraParameters);
    }

    /** Returns a copy authenticating with {@code v}. */
    public RevocationRequest withClientAuthMethod(ClientAuthMethod v) {
        return new RevocationRequest(endpoint, tokenTypeHint, v, headers, extraParameters);
    }

    /** Returns a copy with header {@code name} set to {@code value}. */
    public RevocationRequest withHeader(String name, String value) {
        return new RevocationRequest(endpoint, tokenTypeHint, clientAuthMethod, headers.set(name, value), extraParameters);
    }

    /** Returns a copy with body parameter {@code name} set to {@code value}. */
    public RevocationRequest withParameter(String name, String value) {
        return new RevocationRequest(endpoint, tokenTypeHint, clientAuthMethod, headers, extraParameters.set(name, value));
    }
}
