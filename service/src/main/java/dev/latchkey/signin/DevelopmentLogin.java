package dev.latchkey.signin;

/**
 * The development login, once switched on: the tenant its users are put in and what they may use.
 * Its sessions name the provider {@value #PROVIDER}.
 */
public record DevelopmentLogin(String tenant, AccessRules access) {

    public static final String PROVIDER = "dev";

    static java.util.Optional<DevelopmentLogin> of(DevelopmentLoginFactory config) {
        return config.isEnabled()
                ? java.util.Optional.of(new DevelopmentLogin(config.getTenant(), AccessRules.of(config.getAccess())))
                : java.util.Optional.empty();
    }
}
