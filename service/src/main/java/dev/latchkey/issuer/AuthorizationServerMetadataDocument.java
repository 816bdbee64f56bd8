package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import java.util.List;

/** The RFC 8414 metadata of the authorization server, built once with Nimbus. */
final class AuthorizationServerMetadataDocument {

    private AuthorizationServerMetadataDocument() {
    }

    static String json(IssuerUrls urls, IssuerSettings settings) {
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(urls.issuer()));
        metadata.setAuthorizationEndpointURI(urls.authorization());
        metadata.setTokenEndpointURI(urls.token());
        if (settings.dynamicRegistration()) {
            metadata.setRegistrationEndpointURI(urls.registration());
        }
        metadata.setRevocationEndpointURI(urls.revocation());
        metadata.setJWKSetURI(urls.jwks());
        metadata.setResponseTypes(List.of(ResponseType.CODE));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        List<ClientAuthenticationMethod> methods = List.of(ClientAuthenticationMethod.NONE,
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        metadata.setTokenEndpointAuthMethods(methods);
        metadata.setRevocationEndpointAuthMethods(methods);
        metadata.setSupportsAuthorizationResponseIssuerParam(true);
        metadata.setScopes(new Scope(settings.scopes().toArray(String[]::new)));
        metadata.setCustomParameter("client_id_metadata_document_supported", settings.metadataDocuments());
        return metadata.toJSONObject().toJSONString();
    }
}
