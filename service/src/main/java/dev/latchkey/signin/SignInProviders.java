package dev.latchkey.signin;

import java.util.List;
import java.util.Optional;

/** The configured ways to sign in: the identity providers, in configured order, and the development login. */
public record SignInProviders(List<IdentityProvider> identityProviders, Optional<DevelopmentLogin> developmentLogin) {

    public SignInProviders {
        identityProviders = List.copyOf(identityProviders);
    }

    public static SignInProviders of(SignInFactory config) {
        return new SignInProviders(config.getIdentityProviders().stream().map(IdentityProviderFactory::build).toList(),
                DevelopmentLogin.of(config.getDevelopmentLogin()));
    }

    public Optional<IdentityProvider> find(String name) {
        return identityProviders.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The only identity provider, when there is exactly one and no development login to choose instead. */
    Optional<IdentityProvider> sole() {
        return identityProviders.size() == 1 && developmentLogin.isEmpty() ? Optional.of(identityProviders.get(0))
                : Optional.empty();
    }

    /**
     * Whether a session still stands for the configuration as it is now: its provider is still
     * configured for its tenant (or the development login still on) and still lets its subject sign in.
     */
    public boolean admits(String provider, String tenant, String subject) {
        if (DevelopmentLogin.PROVIDER.equals(provider)) {
            return developmentLogin.filter(dev -> dev.tenant().equals(tenant)).isPresent();
        }
        return find(provider).filter(p -> p.tenant().equals(tenant) && p.users().contains(subject)).isPresent();
    }

    /**
     * Whether the user may use the server: the rules of the provider they signed in with, provided it
     * still serves the user's tenant. A provider since removed lets nobody use anything.
     */
    public boolean permits(String provider, String tenant, String subject, String serverSlug) {
        if (DevelopmentLogin.PROVIDER.equals(provider)) {
            return developmentLogin.filter(dev -> dev.tenant().equals(tenant))
                    .map(dev -> dev.access().permits(subject, serverSlug)).orElse(false);
        }
        return admits(provider, tenant, subject) && find(provider).orElseThrow().access().permits(subject, serverSlug);
    }
}
