package dev.latchkey.registration;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.protocol.RegisteredClient;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 7591 registration as a web application for the authorization-code grant with refresh. No
 * scope and no resource in the body: several servers reject resource scopes there.
 */
final class DynamicRegistration {

    private final NimbusHttp http;
    private final String clientName;

    DynamicRegistration(NimbusHttp http, String clientName) {
        this.http = http;
        this.clientName = clientName;
    }

    /** The best method the server offers: a secret in the Basic header, else in the body, else none. */
    static String chooseAuthMethod(List<String> offered) {
        if (offered.isEmpty() || offered.contains("client_secret_basic")) {
            return "client_secret_basic";
        }
        if (offered.contains("client_secret_post")) {
            return "client_secret_post";
        }
        if (offered.contains("none")) {
            return "none";
        }
        return "client_secret_basic";
    }

    ClientMetadata metadata(URI redirectUri, String authMethod) {
        return metadata(redirectUri, new dev.latchkey.spi.DynamicRegistration(clientName,
                dev.latchkey.spi.ClientAuthMethod.fromWireName(authMethod).orElseThrow(),
                List.of("authorization_code", "refresh_token"), java.util.Map.of()));
    }

    /** The RFC 7591 request: the engine owns redirect URIs, response types and application type. */
    static ClientMetadata metadata(URI redirectUri, dev.latchkey.spi.DynamicRegistration request) {
        ClientMetadata metadata = new ClientMetadata();
        metadata.setRedirectionURI(redirectUri);
        metadata.setName(request.clientName());
        metadata.setGrantTypes(new LinkedHashSet<>(request.grantTypes().stream().map(GrantType::new).toList()));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.parse(request.tokenEndpointAuthMethod().wireName()));
        metadata.setCustomField("application_type", "web");
        request.extraMetadata().forEach(metadata::setCustomField);
        return metadata;
    }

    Issued register(AuthorizationServerMetadata as, URI endpoint, URI redirectUri) {
        return register(endpoint, redirectUri, new dev.latchkey.spi.DynamicRegistration(clientName,
                dev.latchkey.spi.ClientAuthMethod.fromWireName(chooseAuthMethod(as.tokenEndpointAuthMethodsSupported()))
                        .orElseThrow(), List.of("authorization_code", "refresh_token"), java.util.Map.of()));
    }

    /** Registers as {@code request} says (the engine's proposal, possibly adjusted by plugins). */
    Issued register(URI endpoint, URI redirectUri, dev.latchkey.spi.DynamicRegistration request) {
        String requested = request.tokenEndpointAuthMethod().wireName();
        HTTPRequest message = new ClientRegistrationRequest(endpoint, metadata(redirectUri, request), null)
                .toHTTPRequest();
        message.setAccept("application/json");
        HTTPResponse response;
        try {
            response = http.send(message, "client registration");
        } catch (EgressException e) {
            throw Failure.upstream(e.kind() == EgressException.Kind.BLOCKED ? "egress_blocked" : "registration_failed",
                    "the registration request to " + endpoint + " did not complete: " + e.getMessage());
        }
        return parse(response, endpoint, requested);
    }

    private static Issued parse(HTTPResponse response, URI endpoint, String requested) {
        ClientRegistrationResponse parsed;
        try {
            parsed = ClientRegistrationResponse.parse(response);
        } catch (ParseException e) {
            throw Failure.upstream("registration_failed", "the authorization server answered the registration at "
                    + endpoint + " with HTTP " + response.getStatusCode() + " and no usable client information");
        }
        if (parsed instanceof ClientRegistrationErrorResponse error) {
            throw Failure.upstream("registration_failed", "the authorization server refused the registration at "
                    + endpoint + ": " + describe(error.getErrorObject(), response.getStatusCode()));
        }
        ClientInformation info = ((ClientInformationResponse) parsed).getClientInformation();
        Optional<String> secret = Optional.ofNullable(info.getSecret()).map(s -> s.getValue()).filter(s -> !s.isEmpty());
        String method = Optional.ofNullable(info.getMetadata().getTokenEndpointAuthMethod())
                .map(ClientAuthenticationMethod::getValue).orElse(requested);
        if (secret.isEmpty() && !method.equals("none")) {
            method = "none";
        }
        Optional<java.time.Instant> expires = Optional.ofNullable(info.getSecret())
                .map(s -> s.getExpirationDate()).map(java.util.Date::toInstant);
        return new Issued(RegisteredClient.Method.DYNAMIC, info.getID().getValue(), secret, method, expires);
    }

    /** The server's error code and description, stripped of anything that could mislead a reader. */
    static String describe(ErrorObject error, int status) {
        if (error == null || error.getCode() == null) {
            return "HTTP " + status;
        }
        String text = ProviderText.evidence(error.getCode(), 60);
        if (error.getDescription() != null) {
            text += " (" + ProviderText.evidence(error.getDescription(), 200) + ")";
        }
        return text;
    }
}
