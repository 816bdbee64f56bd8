package dev.latchkey.api;

import dev.latchkey.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Whole requests for {@link HostileInputFuzzTest}: a method, a target, headers (plain half of the
 * time, so that hostile paths, queries and bodies reach the resources; otherwise hostile, with the
 * family's own key most often) and a body, made as one of the fuzzed tenants.
 */
final class HostileRequests {

    /** Who a request is made as: acme starts flows, hooks owns webhooks (see the test's javadoc). */
    enum Tenant { ACME, HOOKS }

    private final FuzzFixtures fixtures;

    HostileRequests(FuzzFixtures fixtures) {
        this.fixtures = fixtures;
    }

    /** Path ids: the family's own row (the first) half of the time, so that hostile bodies reach it. */
    Arbitrary<String> ids(List<String> real) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(real.get(0))),
                Tuple.of(1, HostileInputs.pathSegment(real)));
    }

    Arbitrary<RawHttp.Request> get(Arbitrary<String> targets, Tenant tenant) {
        return request(Arbitraries.just("GET"), targets, tenant, Arbitraries.just(Optional.<byte[]>empty()));
    }

    Arbitrary<RawHttp.Request> post(Arbitrary<String> targets, Tenant tenant, Arbitrary<byte[]> bodies) {
        return request(Arbitraries.just("POST"), targets, tenant, Arbitraries.frequencyOf(
                Tuple.of(9, bodies.map(Optional::of)), Tuple.of(1, Arbitraries.just(Optional.<byte[]>empty()))));
    }

    Arbitrary<RawHttp.Request> request(Arbitrary<String> methods, Arbitrary<String> targets,
                                                     Tenant tenant, Arbitrary<Optional<byte[]>> bodies) {
        Arbitrary<List<Map.Entry<String, String>>> hostile = Combinators.combine(authorization(tenant),
                HostileHeaders.contentType(), HostileHeaders.accept(), HostileHeaders.extra())
                .as(HostileHeaders::list);
        // Plain headers half of the time, so that hostile paths, queries and bodies reach the resources.
        Arbitrary<List<Map.Entry<String, String>>> plain = Arbitraries.just(RawHttp.headers("Authorization",
                "Bearer " + (tenant == Tenant.ACME ? fixtures.acmeKey() : fixtures.hooksKey()),
                "Content-Type", "application/json"));
        Arbitrary<List<Map.Entry<String, String>>> headers = Arbitraries.frequencyOf(Tuple.of(1, plain),
                Tuple.of(1, hostile));
        return Combinators.combine(methods, targets, headers, bodies)
                .as((method, target, list, body) -> new RawHttp.Request(method, target, list, body.orElse(null)));
    }

    Arbitrary<RawHttp.Request> browser(Arbitrary<String> targets) {
        Arbitrary<List<Map.Entry<String, String>>> headers = Combinators.combine(HostileHeaders.cookie(fixtures),
                HostileHeaders.browserAccept(), HostileHeaders.extra(), authorization(Tenant.ACME))
                .as((cookie, accept, extra, auth) -> {
                    List<Map.Entry<String, String>> list = new ArrayList<>(extra);
                    cookie.ifPresent(c -> list.add(Map.entry("Cookie", c)));
                    accept.ifPresent(a -> list.add(Map.entry("Accept", a)));
                    auth.ifPresent(a -> list.add(Map.entry("Authorization", a)));
                    return list;
                });
        return Combinators.combine(Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("GET")),
                        Tuple.of(1, Arbitraries.of("HEAD", "POST"))), targets, headers)
                .as((method, target, list) -> new RawHttp.Request(method, target, list, null));
    }

    Arbitrary<Optional<String>> authorization(Tenant tenant) {
        String own = tenant == Tenant.ACME ? fixtures.acmeKey() : fixtures.hooksKey();
        String stranger = tenant == Tenant.ACME ? fixtures.otherKey() : fixtures.strangerKey();
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(Optional.of("Bearer " + own))),
                Tuple.of(2, Arbitraries.just(Optional.of("Bearer " + stranger))),
                Tuple.of(1, Arbitraries.just(Optional.of("Bearer " + fixtures.revokedKey()))),
                Tuple.of(1, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(3, Arbitraries.of("Bearer", "Bearer ", "bearer " + own, "BEARER " + own, "Bearer  " + own,
                        "Bearer " + own + "x", "Bearer " + own.substring(0, own.length() - 1), "Bearer lk_",
                        "Bearer lk_aaaaaaaaaa_", "Bearer lk_" + "a".repeat(10) + "_" + "A".repeat(43),
                        "Bearer " + own + ", Bearer " + stranger, "Basic Zm9vOmJhcg==", "Token " + own, own,
                        "Bearer lk_' OR '1'='1", "Bearer \u00e9\u00e9", "Bearer " + "A".repeat(5000),
                        "Bearer lk_%00_x", "Bearer " + own.replace('_', '-')).map(Optional::of)));
    }
}
