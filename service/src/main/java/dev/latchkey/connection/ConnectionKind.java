package dev.latchkey.connection;

import dev.latchkey.registration.ClientCredentialsClients;

/** How a connection's tokens are obtained and renewed. */
public enum ConnectionKind {
    /** A user authorized it; renewed with its refresh token. */
    AUTHORIZATION_CODE("authorization_code"),
    /** An operator's machine client; renewed by another client_credentials request (no refresh token). */
    CLIENT_CREDENTIALS("client_credentials");

    private final String code;

    ConnectionKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Told by the client the connection was made with: client-credentials clients have references of their own. */
    public static ConnectionKind of(String clientRef) {
        return ClientCredentialsClients.isRef(clientRef) ? CLIENT_CREDENTIALS : AUTHORIZATION_CODE;
    }
}
