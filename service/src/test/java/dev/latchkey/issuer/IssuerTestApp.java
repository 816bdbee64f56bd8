package dev.latchkey.issuer;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.signin.SignInGate;
import dev.latchkey.signin.SignInFeature;
import java.util.Optional;

/** The application with {@link CookieSignIn} as its user sign-in. */
public class IssuerTestApp extends LatchkeyApplication {

    @Override
    protected Optional<SignInGate> signInGate(LatchkeyConfiguration config, SignInFeature signIn) {
        return Optional.of(new CookieSignIn());
    }
}
