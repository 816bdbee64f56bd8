package dev.latchkey.authorization;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.protocol.FlowFailure;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.spi.Parameter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one place the authorization request (RFC 6749 §4.1.1, PKCE S256, RFC 8707 {@code resource})
 * is built. It is built in two halves because the flow row keeps the URL without secrets: when a
 * flow starts, {@link #prepare} renders everything but state and PKCE; when its link is opened,
 * {@link #complete} adds the state and the S256 challenge of a fresh verifier.
 *
 * <p>Nimbus's {@link AuthorizationRequest.Builder} builds the message; it is written in a fixed
 * order (the endpoint's own query, {@code response_type}, {@code client_id}, {@code redirect_uri},
 * {@code scope}, {@code resource}, the plugins' extra parameters, then {@code state},
 * {@code code_challenge}, {@code code_challenge_method}) with RFC 3986 percent-encoding (a space is
 * {@code %20}). The scope separator is a provider quirk Nimbus's {@link Scope} cannot express, so
 * {@code scope} follows the SPI's rule: each scope encoded, the separator inserted verbatim except
 * that a space becomes {@code %20}.
 */
public final class AuthorizationRequestUrl {

    /** The URL without state and PKCE, and the scopes it requests. */
    public record Prepared(String url, List<String> scopes) {
        public Prepared {
            scopes = List.copyOf(scopes);
        }
    }

    /** The typed parts the engine proposes, before the plugins shape them. */
    public record Parts(URI endpoint, String clientId, URI redirectUri, List<String> scopes, String resource) {
        public Parts {
            scopes = List.copyOf(scopes);
        }
    }

    private AuthorizationRequestUrl() {
    }

    /**
     * The first half: the engine's parts, shaped by {@code customize} (the plugins' hook; it may
     * change the endpoint, scopes, separator, resource and extra parameters, never the protocol
     * parameters the engine owns).
     */
    public static Prepared prepare(Parts parts, UnaryOperator<dev.latchkey.spi.AuthorizationRequest> customize) {
        dev.latchkey.spi.AuthorizationRequest shaped = customize.apply(
                dev.latchkey.spi.AuthorizationRequest.of(parts.endpoint(), parts.scopes(), parts.resource()));
        return new Prepared(render(parts.clientId(), parts.redirectUri(), shaped), shaped.scopes());
    }

    /** The second half: {@code state} and the S256 challenge of {@code verifier}, on a prepared URL. */
    public static String complete(String preparedUrl, State state, CodeVerifier verifier) {
        StringBuilder url = new StringBuilder(preparedUrl);
        Query query = new Query(url, preparedUrl.indexOf('?') < 0);
        query.add("state", state.getValue());
        query.add("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        query.add("code_challenge_method", CodeChallengeMethod.S256.getValue());
        return url.toString();
    }

    /** The whole message as Nimbus models it (state and PKCE excluded: they belong to the second half). */
    static AuthorizationRequest message(String clientId, URI redirectUri,
                                        dev.latchkey.spi.AuthorizationRequest shaped) {
        AuthorizationRequest.Builder builder = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(clientId)).endpointURI(shaped.endpoint()).redirectionURI(redirectUri);
        if (!shaped.scopes().isEmpty()) {
            builder.scope(new Scope(shaped.scopes().toArray(String[]::new)));
        }
        shaped.resource().ifPresent(r -> builder.resources(resource(r)));
        extras(shaped).forEach((name, values) -> builder.customParameter(name, values.toArray(String[]::new)));
        return builder.build();
    }

    /** RFC 8707 wants an absolute URI without a fragment; only a plugin's override can be anything else. */
    private static URI resource(String value) {
        URI uri = URI.create(value);
        if (uri.getRawFragment() != null) {
            throw FlowFailure.upstream("plugin_failed", "a plugin set a resource with a fragment: "
                    + ProviderText.evidence(value, 200));
        }
        return uri;
    }

    private static String render(String clientId, URI redirectUri, dev.latchkey.spi.AuthorizationRequest shaped) {
        AuthorizationRequest message = message(clientId, redirectUri, shaped);
        Map<String, List<String>> params = message.toParameters();
        URI endpoint = message.getEndpointURI();
        String withoutQuery = endpoint.toString().split("[?#]", 2)[0];
        StringBuilder url = new StringBuilder(withoutQuery);
        Query query = new Query(url, true);
        // The endpoint's own query comes first; a parameter the message sets replaces it (as Nimbus merges).
        if (endpoint.getRawQuery() != null) {
            URLUtils.parseParameters(endpoint.getRawQuery()).forEach((name, values) -> {
                if (!params.containsKey(name)) {
                    values.forEach(value -> query.add(name, value));
                }
            });
        }
        query.addAll("response_type", params);
        query.addAll("client_id", params);
        query.addAll("redirect_uri", params);
        if (!shaped.scopes().isEmpty()) {
            String separator = shaped.scopeSeparator().replace(" ", "%20");
            query.addRaw("scope", String.join(separator, shaped.scopes().stream()
                    .map(AuthorizationRequestUrl::encode).toList()));
        }
        query.addAll("resource", params);
        // Nimbus keeps custom parameters unordered; they are written in the plugins' order.
        for (String name : extras(shaped).keySet()) {
            message.getCustomParameter(name).forEach(value -> query.add(name, value));
        }
        return url.toString();
    }

    /** The plugins' extra parameters by name, in order of first appearance. */
    private static Map<String, List<String>> extras(dev.latchkey.spi.AuthorizationRequest shaped) {
        Map<String, List<String>> extras = new LinkedHashMap<>();
        for (Parameter p : shaped.extraParameters()) {
            extras.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value());
        }
        return extras;
    }

    /** RFC 3986 percent-encoding (a space is {@code %20}, never {@code +}). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Appends {@code name=value} pairs, starting the query or continuing it. */
    private static final class Query {
        private final StringBuilder url;
        private boolean first;

        Query(StringBuilder url, boolean startsQuery) {
            this.url = url;
            this.first = startsQuery;
        }

        void add(String name, String value) {
            addRaw(encode(name), encode(value));
        }

        void addAll(String name, Map<String, List<String>> params) {
            params.getOrDefault(name, List.of()).forEach(value -> add(name, value));
        }

        void addRaw(String encodedName, String encodedValue) {
            url.append(first ? '?' : '&').append(encodedName).append('=').append(encodedValue);
            first = false;
        }
    }
}
