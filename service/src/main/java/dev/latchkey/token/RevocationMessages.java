package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.protocol.FlowFailure;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.Parameter;
import dev.latchkey.spi.RevocationRequest;
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
        HTTPRequest http = ClientCredentials.of(method, client)
                .orElseThrow(() -> FlowFailure.upstream("plugin_failed",
                        "cannot authenticate the revocation with " + method.wireName()))
                .revocation(request.endpoint(), token).toHTTPRequest();
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
