package dev.latchkey.signin;

import java.util.Optional;

/**
 * The development login, once switched on: the tenant its users are put in and what they may use.
 * Its sessions name the provider {@value #PROVIDER}.
 */
public record DevelopmentLogin(String tenant, AccessRules access) {

    public static final String PROVIDER = "dev";

    static Optional<DevelopmentLogin> of(DevelopmentLoginFactory config) {
        return config.isEnabled()
                ? Optional.of(new DevelopmentLogin(config.getTenant(), AccessRules.of(config.getAccess())))
                : Optional.empty();
    }
}
