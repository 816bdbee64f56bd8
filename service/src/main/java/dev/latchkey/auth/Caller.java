package dev.latchkey.auth;

import java.security.Principal;
import java.util.Objects;

/** An authenticated API caller: the tenant its key belongs to, and the key's public prefix. */
public record Caller(String tenant, String keyPrefix) implements Principal {

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    @Override
    public String getName() {
        return tenant + "/" + keyPrefix;
    }
}
