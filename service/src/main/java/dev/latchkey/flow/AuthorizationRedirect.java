package dev.latchkey.flow;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.authorization.AuthorizationRequestUrl;
import dev.latchkey.flow.store.Flow;

/**
 * Completes a flow's authorization URL when its link is opened: a fresh PKCE verifier, sealed into
 * the {@code state} with the flow's identity, issuer and deadline, and its S256 challenge. The flow
 * row keeps only the URL without them, so nothing secret is stored with it, and a flow whose link
 * is never opened never mints one. Each opening by the bound browser gets its own verifier; the
 * flow is still completed once ({@code consumeState}).
 */
public final class AuthorizationRedirect {

    private final StateCodec states;

    public AuthorizationRedirect(StateCodec states) {
        this.states = states;
    }

    /** The URL to send the browser to; the flow must have been started with a base URL. */
    public String urlFor(Flow flow) {
        String base = flow.authorizeBaseUrl().orElseThrow(() -> new IllegalStateException(
                "flow " + flow.id() + " has no authorization URL"));
        CodeVerifier verifier = new CodeVerifier();
        String state = states.seal(new StateClaims(flow.id(), verifier.getValue(), flow.issuer().orElseThrow(),
                flow.issRequired(), flow.clientRef().orElseThrow(), flow.expiresAt()));
        return AuthorizationRequestUrl.complete(base, new State(state), verifier);
    }
}
