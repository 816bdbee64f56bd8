package dev.latchkey.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.NimbusHttp;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The back channel of a sign-in: the authorization code exchanged at the provider's token endpoint
 * (through the guarded client), and the ID token it returns validated — signature by the provider's
 * keys, issuer, audience, expiry and nonce.
 */
final class ProviderTokens {

    private final NimbusHttp http;
    private final ProviderKeySets keys;

    ProviderTokens(NimbusHttp http, ProviderKeySets keys) {
        this.http = http;
        this.keys = keys;
    }

    /** The verified claims of the ID token the code is exchanged for; throws {@link SignInException}. */
    IDTokenClaimsSet exchange(IdentityProvider provider, OIDCProviderMetadata metadata, AuthorizationCode code,
                              URI redirectUri, CodeVerifier verifier, Nonce nonce) {
        TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(), authentication(provider, metadata),
                new AuthorizationCodeGrant(code, redirectUri, verifier));
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(http.send(request.toHTTPRequest(), "sign-in token"));
        } catch (EgressException e) {
            throw new SignInException(SignInRefusal.TOKEN_FAILED, provider.name() + ": token request failed: "
                    + e.getMessage());
        } catch (ParseException e) {
            throw new SignInException(SignInRefusal.TOKEN_FAILED, provider.name() + ": token response not valid");
        }
        if (!response.indicatesSuccess()) {
            throw new SignInException(SignInRefusal.TOKEN_FAILED, provider.name() + ": token request refused: "
                    + response.toErrorResponse().getErrorObject().getCode());
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new SignInException(SignInRefusal.INVALID_ID_TOKEN, provider.name() + ": no ID token");
        }
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(provider.clientId()),
                new JWSVerificationKeySelector<SecurityContext>(algorithms(metadata),
                        keys.source(metadata.getJWKSetURI())), null);
        try {
            return validator.validate(idToken, nonce);
        } catch (BadJOSEException | JOSEException e) {
            throw new SignInException(SignInRefusal.INVALID_ID_TOKEN, provider.name() + ": ID token refused: "
                    + e.getMessage());
        }
    }

    /**
     * client_secret_basic, unless the provider lists only client_secret_post (RFC 8414: no list means
     * client_secret_basic).
     */
    static ClientAuthentication authentication(IdentityProvider provider, OIDCProviderMetadata metadata) {
        ClientID id = new ClientID(provider.clientId());
        Secret secret = new Secret(provider.clientSecret());
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        boolean postOnly = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        return postOnly ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret);
    }

    /** The provider's signing algorithms that verify with a public key; never an HMAC with the client secret. */
    static Set<JWSAlgorithm> algorithms(OIDCProviderMetadata metadata) {
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        if (metadata.getIDTokenJWSAlgs() != null) {
            metadata.getIDTokenJWSAlgs().stream().filter(JWSAlgorithm.Family.SIGNATURE::contains)
                    .forEach(algorithms::add);
        }
        return algorithms.isEmpty() ? Set.of(JWSAlgorithm.RS256) : algorithms;
    }
}
