package dev.latchkey.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.store.Ids;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The access tokens of Latchkey's authorization server: JWTs (RFC 9068, {@code typ at+jwt}) signed ES256
 * with the keyring's access token key, each for one gateway route ({@code aud} = {@code {issuer}/mcp/{slug}})
 * and one grant ({@code gid}). The gateway calls {@link #authenticate} on each request: the signature, issuer,
 * expiry and exact audience, then one indexed read that the grant still stands.
 */
public final class AccessTokens {

    private final IssuerUrls urls;
    private final AccessTokenKeys keys;
    private final GrantStore grants;
    private final IssuerSettings settings;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    AccessTokens(IssuerUrls urls, AccessTokenKeys keys, GrantStore grants, IssuerSettings settings, Clock clock) {
        this.urls = urls;
        this.keys = keys;
        this.grants = grants;
        this.settings = settings;
        this.clock = clock;
        JWKSource<SecurityContext> published = (selector, context) -> selector.select(keys.publicKeys());
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, published));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().issuer(urls.issuer()).build(),
                Set.of("sub", "aud", "exp", "iat", "jti", "client_id", "tenant", "gid")));
    }

    /** A new access token for {@code grant}, with {@code scopes} (the grant's or fewer). */
    String mint(Grant grant, List<String> scopes) {
        ECKey key = keys.active().orElseThrow(() -> new IllegalStateException("no access token key"));
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(urls.issuer()).subject(grant.subject()).audience(grant.resource())
                .claim("client_id", grant.clientId()).claim("scope", String.join(" ", scopes))
                .jwtID(Ids.mint("jti")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.accessTokenLifetime())))
                .claim("tenant", grant.tenant()).claim("gid", grant.id())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing is unavailable", e);
        }
        return jwt.serialize();
    }

    /**
     * The caller an access token stands for at the gateway route {@code slug}: empty unless it is one of
     * ours, unexpired, for exactly {@code {issuer}/mcp/{slug}}, and its grant still stands.
     */
    public Optional<GatewayCaller> authenticate(String bearer, String slug) {
        return verified(bearer)
                .filter(claims -> claims.getAudience().equals(List.of(urls.resource(slug))))
                .flatMap(claims -> {
                    String grantId = (String) claims.getClaim("gid");
                    return grants.findGrant(grantId)
                            .filter(grant -> grant.isActive(clock.instant()))
                            .filter(grant -> grant.subject().equals(claims.getSubject())
                                    && grant.tenant().equals(claims.getClaim("tenant")))
                            .map(grant -> new GatewayCaller(grant.tenant(), grant.subject(), List.of(slug), grant.id(),
                                    "oauth:" + grant.id()));
                });
    }

    /** The grant id of a valid token of ours (expired or not, any audience), for revocation. */
    Optional<String> grantOf(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean ours = urls.issuer().equals(claims.getIssuer()) && keys.publicKeys().getKeys().stream()
                    .filter(k -> k.getKeyID().equals(jwt.getHeader().getKeyID()))
                    .anyMatch(k -> verifies(jwt, (ECKey) k));
            return ours && claims.getClaim("gid") instanceof String gid ? Optional.of(gid) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static boolean verifies(SignedJWT jwt, ECKey key) {
        try {
            return jwt.verify(new ECDSAVerifier(key));
        } catch (JOSEException e) {
            return false;
        }
    }

    private Optional<JWTClaimsSet> verified(String bearer) {
        if (bearer == null || bearer.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(processor.process(bearer, null));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
