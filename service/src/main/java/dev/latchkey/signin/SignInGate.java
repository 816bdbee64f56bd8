package dev.latchkey.signin;

import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.Optional;

/**
 * What the pages that need a person (the authorization server's authorize and consent pages, the
 * landing page) ask of user sign-in: who this browser is signed in as, where to send it to sign in,
 * and whether that person may use a server.
 */
public interface SignInGate {

    /** The user of this request's session cookie; empty when there is none, or it expired or was ended. */
    Optional<SignedInUser> current(HttpHeaders headers);

    /**
     * Where to send a browser that must sign in first; after signing in it comes back to
     * {@code continueTo}, a path (with query) on Latchkey's own origin, such as
     * {@code /oauth/authorize?client_id=…}. Anything else is refused by the sign-in pages.
     */
    URI signInLocation(String continueTo);

    /** Whether the operator's access rules let this user use the tenant's server with this slug. */
    boolean mayUse(SignedInUser user, String serverSlug);
}
