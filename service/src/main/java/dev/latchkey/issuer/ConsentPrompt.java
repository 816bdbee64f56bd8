package dev.latchkey.issuer;

import java.util.List;
import java.util.Map;

/**
 * What the consent page shows and sends back: who asks (the client's name and the redirect URI its code goes to), for
 * which server and scopes, on behalf of whom; the request's own parameters and the CSRF token.
 */
record ConsentPrompt(String clientName, String clientId, String redirectUri, String serverName, String resource,
                     List<String> scopes, String userName, Map<String, String> parameters, String csrf) {

    ConsentPrompt {
        scopes = List.copyOf(scopes);
        parameters = Map.copyOf(parameters);
    }
}
