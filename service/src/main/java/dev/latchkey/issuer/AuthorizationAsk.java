package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.id.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization request that passed every check that does not need the user: a known client, one of its
 * exact redirect URIs, response type code, a PKCE S256 challenge, one gateway route as the resource and
 * scopes the server offers. {@code promptNone}: the client asked that no page be shown ({@code prompt=none}).
 */
record AuthorizationAsk(McpClient client, String redirectUri, Optional<State> state, String codeChallenge,
                        String resource, String slug, List<String> scopes, boolean promptNone) {

    AuthorizationAsk {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(slug, "slug");
        scopes = List.copyOf(scopes);
    }

    /** The request's parameters, as the consent form sends them back. */
    Map<String, String> parameters() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("response_type", "code");
        form.put("client_id", client.clientId());
        form.put("redirect_uri", redirectUri);
        form.put("code_challenge", codeChallenge);
        form.put("code_challenge_method", "S256");
        form.put("resource", resource);
        form.put("scope", String.join(" ", scopes));
        state.ifPresent(s -> form.put("state", s.getValue()));
        if (promptNone) {
            form.put("prompt", "none");
        }
        return form;
    }

    /** What a consent form's CSRF token signs: the user session and everything the user agrees to. */
    String consentMessage(String sessionId) {
        return String.join("\n", "oauth-consent", sessionId, client.clientId(), redirectUri, resource,
                String.join(" ", scopes), codeChallenge);
    }
}
