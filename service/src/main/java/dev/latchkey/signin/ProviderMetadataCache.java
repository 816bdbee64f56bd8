package dev.latchkey.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Each identity provider's OpenID Connect discovery document, fetched through the guarded client
 * and kept for {@code ttl}. The document must name exactly the configured issuer (OpenID Connect
 * Discovery §4.3), or the provider is treated as unreachable.
 */
final class ProviderMetadataCache {

    private final OutboundHttp http;
    private final Cache<String, OIDCProviderMetadata> documents;

    ProviderMetadataCache(OutboundHttp http, Clock clock, Duration ttl) {
        this.http = http;
        // A failed fetch is not kept: the next sign-in tries again (the browser throttle bounds how often).
        this.documents = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** The provider's metadata; throws {@link SignInException} (PROVIDER_UNAVAILABLE) when it cannot be had. */
    OIDCProviderMetadata metadata(IdentityProvider provider) {
        return documents.get(provider.name(), name -> fetch(provider));
    }

    private OIDCProviderMetadata fetch(IdentityProvider provider) {
        URI url = discoveryUrl(provider.issuer());
        OutboundResponse response;
        try {
            response = http.send(OutboundRequest.get(url, "sign-in discovery"));
        } catch (EgressException e) {
            throw unavailable(provider, "discovery failed: " + e.getMessage());
        }
        if (response.status() != 200) {
            throw unavailable(provider, "discovery answered HTTP " + response.status());
        }
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(response.bodyText());
        } catch (ParseException e) {
            throw unavailable(provider, "discovery document is not valid: " + e.getMessage());
        }
        if (!metadata.getIssuer().getValue().equals(provider.issuerValue())) {
            throw unavailable(provider, "discovery document names another issuer");
        }
        if (metadata.getTokenEndpointURI() == null || metadata.getJWKSetURI() == null) {
            throw unavailable(provider, "discovery document has no token endpoint or no jwks_uri");
        }
        return metadata;
    }

    static URI discoveryUrl(URI issuer) {
        String base = issuer.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    }

    private static SignInException unavailable(IdentityProvider provider, String why) {
        return new SignInException(SignInRefusal.PROVIDER_UNAVAILABLE, provider.name() + ": " + why);
    }
}
