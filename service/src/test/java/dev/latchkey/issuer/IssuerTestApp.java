package dev.latchkey.issuer;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.signin.SignInGate;
import io.dropwizard.core.setup.Environment;
import java.util.Optional;

/** The application with {@link CookieSignIn} as its user sign-in. */
public class IssuerTestApp extends LatchkeyApplication {

    @Override
    protected Optional<SignInGate> signInGate(LatchkeyConfiguration config, Environment environment) {
        return Optional.of(new CookieSignIn());
    }
}
