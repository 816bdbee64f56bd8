package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.Parameter;
import dev.latchkey.spi.RevocationRequest;
import dev.latchkey.token.TokenEndpointClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders an RFC 7009 request as plugins shaped it: Nimbus builds token and credentials, then extras. */
public final class RevocationMessages {

    private RevocationMessages() {
    }

    public static HTTPRequest render(RevocationRequest request, RegisteredClient client, Token token) {
        ClientAuthMethod method = request.clientAuthMethod();
        if (method == ClientAuthMethod.PRIVATE_KEY_JWT || (method.usesClientSecret() && client.clientSecret().isEmpty())) {
            throw Failure.upstream("plugin_failed", "cannot authenticate the revocation with " + method.wireName());
        }
        RegisteredClient as = new RegisteredClient(client.ref(), client.issuer(), client.redirectUri(), client.method(),
                client.clientId(), client.clientSecret(), method.wireName(), client.secretExpiresAt(), client.createdAt());
        TokenRevocationRequest revocation = TokenEndpointClient.authentication(as)
                .map(auth -> new TokenRevocationRequest(request.endpoint(), auth, token))
                .orElseGet(() -> new TokenRevocationRequest(request.endpoint(), new ClientID(as.clientId()), token));
        HTTPRequest http = revocation.toHTTPRequest();
        if (!request.extraParameters().isEmpty()) {
            Map<String, List<String>> body = new LinkedHashMap<>(URLUtils.parseParameters(http.getBody()));
            for (Parameter p : request.extraParameters()) {
                body.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value());
            }
            http.setBody(URLUtils.serializeParameters(body));
        }
        for (Parameter header : request.headers()) {
            http.setHeader(header.name(), header.value());
        }
        return http;
    }
}
