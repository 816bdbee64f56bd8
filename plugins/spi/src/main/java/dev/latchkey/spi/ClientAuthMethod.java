package dev.latchkey.spi;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** Client authentication methods at the token endpoint (RFC 7591 / OpenID Connect names). */
public enum ClientAuthMethod {

    /** Public client: {@code client_id} in the body, no secret (PKCE only). */
    NONE("none"),
    /** HTTP Basic with client id and secret. */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** Client id and secret in the form body. */
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT signed with the engine's private key (RFC 7523). */
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String wireName;

    ClientAuthMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in metadata and registration bodies, e.g. {@code client_secret_basic}. */
    public String wireName() {
        return wireName;
    }

    /** Whether this method needs a client secret. */
    public boolean usesClientSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    /** Looks a method up by its wire name; empty for methods this SPI does not model. */
    public static Optional<ClientAuthMethod> fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        return Arrays.stream(values()).filter(m -> m.wireName.equals(wireName)).findFirst();
    }
}
