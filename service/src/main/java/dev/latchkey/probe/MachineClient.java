package dev.latchkey.probe;

import java.util.Objects;
import java.util.Optional;

/**
 * A client-credentials client (machine to machine, no user) the probe configures in its Latchkey's
 * {@code registration.clientCredentials}: a secret for {@code client_secret_basic}, a private key
 * (a PKCS#8 PEM or a private JWK) for {@code private_key_jwt}. {@link #toString()} shows neither.
 */
public record MachineClient(String clientId, String authMethod, Optional<String> clientSecret,
                            Optional<String> privateKey) {

    static final String BASIC = "client_secret_basic";
    static final String PRIVATE_KEY_JWT = "private_key_jwt";

    public MachineClient {
        Objects.requireNonNull(clientId, "clientId");
        boolean usable = authMethod.equals(BASIC) ? clientSecret.isPresent()
                : authMethod.equals(PRIVATE_KEY_JWT) && privateKey.isPresent();
        if (!usable) {
            throw new IllegalArgumentException("a client-credentials client needs a secret (" + BASIC
                    + ") or a private key (" + PRIVATE_KEY_JWT + ")");
        }
    }

    /** The subject Latchkey serves a client-credentials client as. */
    public String subject() {
        return "client:" + clientId;
    }

    @Override
    public String toString() {
        return "MachineClient[" + clientId + ", " + authMethod + "]";
    }
}
