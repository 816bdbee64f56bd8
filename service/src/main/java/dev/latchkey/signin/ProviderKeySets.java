package dev.latchkey.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundResponse;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The identity providers' signing keys (their {@code jwks_uri}), fetched through the guarded client
 * and kept for {@code ttl}. A key id not in the kept set fetches again, at most once per
 * {@link #REFETCH_SPACING}: the provider may have rotated its keys, but a token with a made-up key
 * id must not make Latchkey fetch on every request.
 */
final class ProviderKeySets {

    static final Duration REFETCH_SPACING = Duration.ofSeconds(30);

    private record Entry(JWKSet keys, Instant fetchedAt) {
    }

    private final OutboundHttp http;
    private final Clock clock;
    private final Cache<URI, Entry> entries;

    ProviderKeySets(OutboundHttp http, Clock clock, Duration ttl) {
        this.http = http;
        this.clock = clock;
        this.entries = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** The keys at {@code jwksUri}, as Nimbus's verifiers select them. */
    JWKSource<SecurityContext> source(URI jwksUri) {
        return (JWKSelector selector, SecurityContext context) -> {
            Instant now = clock.instant();
            Entry entry = entries.get(jwksUri, uri -> new Entry(fetch(uri), now));
            List<JWK> keys = selector.select(entry.keys());
            if (keys.isEmpty() && !now.isBefore(entry.fetchedAt().plus(REFETCH_SPACING))) {
                Entry again = new Entry(fetch(jwksUri), now);
                entries.put(jwksUri, again);
                keys = selector.select(again.keys());
            }
            return keys;
        };
    }

    private JWKSet fetch(URI jwksUri) {
        OutboundResponse response;
        try {
            response = http.send(OutboundRequest.get(jwksUri, "sign-in keys"));
        } catch (EgressException e) {
            throw new SignInException(SignInRefusal.PROVIDER_UNAVAILABLE, "keys could not be fetched: "
                    + e.getMessage());
        }
        if (response.status() != 200) {
            throw new SignInException(SignInRefusal.PROVIDER_UNAVAILABLE, "keys answered HTTP " + response.status());
        }
        try {
            return JWKSet.parse(response.bodyText()).toPublicJWKSet();
        } catch (ParseException e) {
            throw new SignInException(SignInRefusal.PROVIDER_UNAVAILABLE, "keys are not a JWK set");
        }
    }
}
