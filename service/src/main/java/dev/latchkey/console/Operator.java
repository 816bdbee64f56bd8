package dev.latchkey.console;

import java.security.Principal;
import java.util.Objects;

/**
 * A signed-in console operator. {@code csrfToken} is the synchronizer token of this session,
 * rendered into forms; {@code sessionKey} is the stored hash of the session id.
 */
public record Operator(String name, String sessionKey, String csrfToken) implements Principal {

    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sessionKey, "sessionKey");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return "Operator[" + name + "]";
    }
}
