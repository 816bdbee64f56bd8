package dev.latchkey.spi;

import java.util.Optional;

/**
 * A plugin built on a {@link ProviderApp}: it applies where the app's rule matches and offers the
 * app's credentials when the engine has none of the operator's own. A provider's quirks are then the
 * only hooks left to write, e.g. {@code record GitHubPlugin(ProviderApp app) implements ProviderAppPlugin}.
 */
public interface ProviderAppPlugin extends ProviderPlugin {

    /** The rule and the configured app this plugin serves with. */
    ProviderApp app();

    /** Where the app's {@link ProviderMatch} matches. */
    @Override
    default boolean appliesTo(ProviderTarget target) {
        return app().match().matches(target);
    }

    /** See {@link ProviderApp#choose}. */
    @Override
    default Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                                                            AuthorizationServerMetadata metadata,
                                                            ProviderContext context) {
        return app().choose(proposed);
    }
}
