package dev.latchkey.browser;

import dev.latchkey.signin.SignInGate;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Authorization links of people who sign in to Latchkey: the landing page lets only that person, signed
 * in, open such a link — a leaked link is of no use to anyone else, not even in the first browser that
 * opens it. A person signed in as another user of the tenant is refused for any link.
 *
 * @param signsInHere whether a subject of a tenant is a person who signs in here (tenant, subject)
 */
public record PersonalLinks(SignInGate signIn, BiPredicate<String, String> signsInHere) {

    public PersonalLinks {
        Objects.requireNonNull(signIn, "signIn");
        Objects.requireNonNull(signsInHere, "signsInHere");
    }
}
