package dev.latchkey.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Clears every {@code dw.*} system property once a class's apps have stopped. Two apps in one
 * class leak their overrides otherwise: each {@code ConfigOverride} restores the value it found,
 * which for the app stopped last may be the other app's (say {@code database.user: postgres}), and
 * every later test in the JVM would start with it. Register it before
 * {@code DropwizardExtensionsSupport}, so that its callback runs after the apps have stopped:
 * {@code @ExtendWith({ConfigOverridesReset.class, DropwizardExtensionsSupport.class})}.
 */
public final class ConfigOverridesReset implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("dw."))
                .forEach(System::clearProperty);
    }
}
