package dev.latchkey.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.security.DPoPKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * DPoP proofs (RFC 9449) signed with a keyring key: one fresh proof (new {@code jti}, {@code iat} now) per
 * request, for its method and URL, with {@code ath} when it carries an access token and the server's latest
 * nonce when it gave one. A proof is a credential for one request: never logged.
 */
public final class DPoPProofs {

    /** The one algorithm Latchkey's DPoP keys sign with. */
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    public static final String TOKEN_TYPE = "DPoP";
    private static final Pattern USE_NONCE = Pattern.compile("(?i)^\\s*DPoP\\b.*\\berror\\s*=\\s*\"?use_dpop_nonce\"?.*$");

    private final Optional<DPoPKeys> keys;
    private final DPoPNonces nonces;

    public DPoPProofs(DPoPKeys keys, DPoPNonces nonces) {
        this(Optional.of(keys), nonces);
    }

    private DPoPProofs(Optional<DPoPKeys> keys, DPoPNonces nonces) {
        this.keys = keys;
        this.nonces = nonces;
    }

    /** Without keys: tokens are never bound (tests and tools that need no DPoP). */
    public static DPoPProofs withoutKeys(DPoPNonces nonces) {
        return new DPoPProofs(Optional.empty(), nonces);
    }

    /**
     * The key to bind a new connection's tokens to: the keyring's active DPoP key, when the authorization
     * server advertises ES256 in {@code dpop_signing_alg_values_supported} and the keyring has one.
     */
    public Optional<DPoPKey> keyFor(AuthorizationServerMetadata server) {
        if (!server.supportsDPoP(ALGORITHM.getName())) {
            return Optional.empty();
        }
        return keys.flatMap(DPoPKeys::active);
    }

    /** The key a connection's tokens are bound to; once retired, the tokens are lost and the user authorizes again. */
    public DPoPKey boundKey(String jkt) {
        return keys.flatMap(k -> k.byThumbprint(jkt)).orElseThrow(() -> Failure.conflict("reauthorization_required",
                "The DPoP key this connection's tokens are bound to was retired; start a new flow (POST /v1/flows)"
                        + " to authorize again."));
    }

    /** A proof for a request without an access token (the token endpoint). */
    SignedJWT forTokenEndpoint(DPoPKey key, URI endpoint) {
        return sign(key, "POST", endpoint, Optional.empty());
    }

    /** The {@code DPoP} header value for a request to a resource server with a token bound to {@code jkt}. */
    public String forResource(String jkt, String method, URI target, String accessToken) {
        return sign(boundKey(jkt), method, target, Optional.of(accessToken)).serialize();
    }

    /** Remembers a {@code DPoP-Nonce} header the server at {@code endpoint} answered with. */
    public void heard(URI endpoint, Optional<String> nonce) {
        nonces.heard(endpoint, nonce);
    }

    /** A resource server's 401 asking for a nonce (RFC 9449 §9): {@code WWW-Authenticate: DPoP error="use_dpop_nonce"}. */
    public static boolean asksForNonce(int status, Optional<String> wwwAuthenticate) {
        return status == 401 && wwwAuthenticate.filter(h -> USE_NONCE.matcher(h).matches()).isPresent();
    }

    private SignedJWT sign(DPoPKey key, String method, URI target, Optional<String> accessToken) {
        URI htu = htu(target);
        Nonce nonce = nonces.latest(htu).map(Nonce::new).orElse(null);
        try {
            DefaultDPoPProofFactory factory = new DefaultDPoPProofFactory(key.privateJwk(), ALGORITHM);
            return factory.createDPoPJWT(method, htu, accessToken.map(DPoPAccessToken::new).orElse(null), nonce);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a DPoP proof with key " + key.kid(), e);
        }
    }

    /** The target without query and fragment (RFC 9449 §4.2). */
    static URI htu(URI target) {
        try {
            return new URI(target.getScheme(), target.getAuthority(), target.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a usable DPoP target", e);
        }
    }
}
