package dev.latchkey.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.Parameter;
import dev.latchkey.spi.Parameters;
import dev.latchkey.spi.Relaxation;
import dev.latchkey.spi.RelaxationKind;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Token endpoint messages as the plugin SPI sees them: the engine's proposal of a request, its
 * rendering (Nimbus builds the grant and client authentication; plugin headers, extra parameters and
 * body format are applied on top), and the raw response turned into flat fields by the rules in
 * {@link TokenResponse}, before any parsing into tokens.
 */
final class TokenMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenMessages() {
    }

    static TokenRequest proposal(TokenRequest.GrantType grant, URI endpoint, RegisteredClient client,
                                 Optional<String> resource) {
        ClientAuthMethod method = ClientAuthMethod.fromWireName(client.authMethod()).orElse(ClientAuthMethod.NONE);
        if (resource.isPresent()) {
            return TokenRequest.of(grant, endpoint, method, resource.get());
        }
        return new TokenRequest(grant, endpoint, method, Optional.empty(), TokenRequest.BodyFormat.FORM,
                Parameters.headers(), Parameters.empty(),
                List.of(new Relaxation(RelaxationKind.OMIT_RESOURCE, "the engine knows no resource for this request")));
    }

    /** The credentials the (possibly plugin-changed) request authenticates with. */
    static ClientCredentials credentials(RegisteredClient client, TokenRequest request) {
        ClientAuthMethod method = request.clientAuthMethod();
        return ClientCredentials.of(method, client).orElseThrow(() -> Failure.rejected("unsupported_client_auth",
                "Latchkey cannot authenticate with " + method.wireName() + " for this client."));
    }

    static HTTPRequest render(TokenRequest request, RegisteredClient client, AuthorizationGrant grant) {
        var builder = credentials(client, request).tokenRequest(request.endpoint(), grant);
        request.resource().ifPresent(r -> builder.resources(URI.create(r)));
        HTTPRequest http = builder.build().toHTTPRequest();
        Map<String, List<String>> body = new java.util.LinkedHashMap<>(URLUtils.parseParameters(http.getBody()));
        for (Parameter p : request.extraParameters()) {
            body.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value());
        }
        if (request.bodyFormat() == TokenRequest.BodyFormat.JSON) {
            var object = JSON.createObjectNode();
            body.forEach((name, values) -> object.put(name, String.join(" ", values)));
            http.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_JSON);
            http.setBody(object.toString());
        } else {
            http.setBody(URLUtils.serializeParameters(body));
        }
        http.setAccept("application/json");
        for (Parameter header : request.headers()) {
            http.setHeader(header.name(), header.value());
        }
        return http;
    }

    /** The raw response with fields: JSON members (flattened), or form pairs, by content type. */
    static TokenResponse read(HTTPResponse response) {
        String body = Optional.ofNullable(response.getBody()).orElse("");
        Optional<String> type = Optional.ofNullable(response.getHeaderValue("Content-Type"))
                .map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty());
        Parameters fields = Parameters.empty();
        if (type.filter(t -> t.equals("application/json") || t.endsWith("+json")).isPresent()) {
            fields = jsonFields(body);
        }
        TokenResponse raw = new TokenResponse(response.getStatusCode(), type, body, fields);
        if (type.filter(t -> t.equals("application/x-www-form-urlencoded")).isPresent()) {
            try {
                return raw.withFieldsFromFormBody();
            } catch (IllegalStateException e) {
                return raw;
            }
        }
        return raw;
    }

    private static Parameters jsonFields(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            List<Parameter> out = new ArrayList<>();
            if (root != null && root.isObject()) {
                flatten("", root, out);
            }
            return new Parameters(out, false);
        } catch (java.io.IOException e) {
            return Parameters.empty();
        }
    }

    private static void flatten(String prefix, JsonNode node, List<Parameter> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!member.getKey().isEmpty()) {
                    flatten(prefix + member.getKey(), member.getValue(), out, true);
                }
            }
        }
    }

    private static void flatten(String name, JsonNode value, List<Parameter> out, boolean member) {
        if (value.isNull() || value.isMissingNode()) {
            return;
        }
        if (value.isObject()) {
            flatten(name + ".", value, out);
        } else if (value.isArray()) {
            boolean scalars = true;
            for (JsonNode item : value) {
                scalars &= item.isValueNode() && !item.isNull();
            }
            if (scalars) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                out.add(new Parameter(name, String.join(" ", items)));
            } else {
                for (int i = 0; i < value.size(); i++) {
                    flatten(name + "." + i, value.get(i), out, member);
                }
            }
        } else {
            out.add(new Parameter(name, value.asText()));
        }
    }
}
