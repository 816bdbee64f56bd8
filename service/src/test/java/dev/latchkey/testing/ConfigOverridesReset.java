package dev.latchkey.testing;

import io.dropwizard.testing.junit5.DropwizardExtension;

/**
 * Clears every {@code dw.*} system property after a class's apps have stopped. Two apps in one
 * class leak their overrides otherwise: each {@code ConfigOverride} restores the value it found,
 * which for the second app is the first app's (say {@code database.user: postgres}), and every
 * later test in the JVM would start with it. Declare it after the apps' extensions.
 */
public final class ConfigOverridesReset implements DropwizardExtension {

    @Override
    public void before() {
    }

    @Override
    public void after() {
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("dw."))
                .forEach(System::clearProperty);
    }
}
