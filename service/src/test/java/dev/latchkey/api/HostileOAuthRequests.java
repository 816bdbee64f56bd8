package dev.latchkey.api;

import dev.latchkey.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Whole requests for the authorization server and the gateway's door in {@link HostileInputFuzzTest}: its
 * metadata, registration, authorization, token and revocation endpoints, and bearer tokens that look like its
 * access tokens. Client ids that are URLs name only hosts under {@code .invalid}/{@code .test} or loopback
 * (which the production egress guard refuses before connecting).
 */
final class HostileOAuthRequests {

    private final IssuerFixtures issuer;
    private final HostileBearers bearers;

    HostileOAuthRequests(IssuerFixtures issuer) {
        this.issuer = issuer;
        this.bearers = new HostileBearers(issuer);
    }

    /** The metadata, the JWKS and the protected resource metadata of hostile slugs. */
    Arbitrary<RawHttp.Request> documents() {
        Arbitrary<String> paths = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("/.well-known/oauth-authorization-server", "/oauth/jwks")),
                Tuple.of(3, HostileInputs.pathSegment(List.of(issuer.slug(), "a", "x-y", "0", "-x", "A", "a".repeat(100),
                        "a".repeat(101))).map(slug -> "/.well-known/oauth-protected-resource/mcp/" + slug)),
                Tuple.of(1, Arbitraries.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/",
                        "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource/mcp/",
                        "/.well-known/oauth-protected-resource/mcp/a/b", "/.well-known/oauth-authorization-server/mcp/a",
                        "/.well-known/openid-configuration", "/oauth/jwks/", "/oauth/jwks/x", "/.well-known/%2e%2e/oauth/jwks")));
        Arbitrary<String> targets = Combinators.combine(paths, HostileInputs.query(Map.of("x", HostileInputs.text())))
                .as(String::concat);
        Arbitrary<String> methods = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("GET")),
                Tuple.of(1, Arbitraries.of("HEAD", "OPTIONS", "POST", "DELETE")));
        return Combinators.combine(methods, targets, headers(Arbitraries.just(Optional.empty())))
                .as((method, target, headers) -> new RawHttp.Request(method, target, headers, null));
    }

    /** RFC 7591 registrations: hostile metadata, content types, sizes. */
    Arbitrary<RawHttp.Request> registrations() {
        Arbitrary<String> uris = Arbitraries.oneOf(HostileInputs.safeUrl(), HostileInputs.wellFormedUrl(),
                HostileInputs.text(), Arbitraries.of(issuer.redirectUris()),
                Arbitraries.of("http://127.0.0.1/cb", "http://[::1]:1/cb", "http://localhost/cb#f", "https://x.test",
                        "https://x.test/cb?a=1&a=2", "https://user@x.test/cb", "HTTPS://X.TEST/CB", "custom.app:/cb",
                        "https://x.test/" + "a".repeat(2001), "https://x.test/%00", "http://x.test/cb"));
        Arbitrary<byte[]> hostile = HostileInputs.body(Map.of(
                "redirect_uris", Arbitraries.oneOf(uris.list().ofMaxSize(12).map(HostileInputs::jsonArray),
                        uris.map(HostileInputs::jsonString)),
                "token_endpoint_auth_method", Arbitraries.oneOf(Arbitraries.of("none", "client_secret_basic",
                        "client_secret_post", "private_key_jwt", "client_secret_jwt", "tls_client_auth", "NONE"),
                        HostileInputs.text()).map(HostileInputs::jsonString),
                "grant_types", Arbitraries.oneOf(Arbitraries.of("authorization_code", "refresh_token",
                        "client_credentials", "implicit", "password", "urn:ietf:params:oauth:grant-type:device_code")
                        .list().ofMaxSize(4), HostileInputs.text().list().ofMaxSize(3)).map(HostileInputs::jsonArray),
                "response_types", Arbitraries.of("code", "token", "id_token", "code id_token", "")
                        .list().ofMaxSize(3).map(HostileInputs::jsonArray),
                "client_name", HostileInputs.text().map(HostileInputs::jsonString),
                "scope", Arbitraries.oneOf(Arbitraries.of("mcp", "openid", "mcp admin"), HostileInputs.text())
                        .map(HostileInputs::jsonString),
                "client_uri", HostileInputs.safeUrl().map(HostileInputs::jsonString),
                "jwks", Arbitraries.of("{\"keys\":[]}", "{\"keys\":[{\"kty\":\"EC\"}]}", "{}", "[]", "\"x\""),
                "software_statement", bearers.jwtShaped().map(HostileInputs::jsonString),
                "client_secret", HostileInputs.text().map(HostileInputs::jsonString)));
        Arbitrary<byte[]> wellFormed = Combinators.combine(Arbitraries.of(issuer.redirectUris()).list().ofMinSize(1)
                                .ofMaxSize(3), Arbitraries.of("none", "client_secret_basic", "client_secret_post"),
                        HostileInputs.wellFormedText())
                .as((redirects, method, name) -> HostileInputs.utf8("{\"redirect_uris\":" + HostileInputs.jsonArray(redirects)
                        + ",\"token_endpoint_auth_method\":\"" + method + "\",\"client_name\":"
                        + HostileInputs.jsonString(name) + "}"));
        Arbitrary<Optional<byte[]>> bodies = Arbitraries.frequencyOf(Tuple.of(6, hostile.map(Optional::of)),
                Tuple.of(2, wellFormed.map(Optional::of)), Tuple.of(1, Arbitraries.just(Optional.empty())));
        return Combinators.combine(bodies, headers(HostileHeaders.contentType()))
                .as((body, headers) -> new RawHttp.Request("POST", "/oauth/register", headers, body.orElse(null)));
    }

    /** The authorization endpoint: GET, HEAD and the consent form's POST, with and without the user's session. */
    Arbitrary<RawHttp.Request> authorizations() {
        Arbitrary<String> hostile = HostileInputs.query(authorizationParameters(true));
        // Half of them name a client and a redirect URI it registered, so the hostile rest gets past that check.
        Arbitrary<String> verified = Combinators.combine(Arbitraries.of(issuer.publicClient(), issuer.basicClient()),
                        Arbitraries.of(issuer.redirectUris()), HostileInputs.query(authorizationParameters(false)))
                .as((client, redirect, rest) -> "?client_id=" + client + "&redirect_uri=" + HostileInputs.encode(redirect)
                        + (rest.isEmpty() ? "" : "&" + rest.substring(1)));
        Arbitrary<String> query = Arbitraries.oneOf(hostile, verified);
        Arbitrary<String> decision = Arbitraries.of("", "&decision=allow", "&decision=deny", "&decision=ALLOW",
                "&decision=allow&decision=deny", "&decision=allow&csrf=" + "A".repeat(43), "&csrf=&decision=allow",
                "&decision=allow&csrf=%00");
        Arbitrary<RawHttp.Request> gets = Combinators.combine(Arbitraries.of("GET", "GET", "GET", "GET", "HEAD"),
                        query, browserHeaders())
                .as((method, q, headers) -> new RawHttp.Request(method, "/oauth/authorize" + q, headers, null));
        Arbitrary<RawHttp.Request> posts = Combinators.combine(query, decision, browserHeaders(),
                        Arbitraries.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                                "application/x-www-form-urlencoded; charset=nonsense", "application/json", "text/plain",
                                "multipart/form-data", ""))
                .as((q, d, headers, type) -> {
                    List<Map.Entry<String, String>> list = new ArrayList<>(headers);
                    if (!type.isEmpty()) {
                        list.add(Map.entry("Content-Type", type));
                    }
                    String form = (q.isEmpty() ? "" : q.substring(1)) + d;
                    return new RawHttp.Request("POST", "/oauth/authorize", list, HostileInputs.utf8(form));
                });
        return Arbitraries.frequencyOf(Tuple.of(3, gets), Tuple.of(1, posts));
    }

    /** The authorization request's parameters, with or without the client and its redirect URI. */
    private Map<String, Arbitrary<String>> authorizationParameters(boolean withClient) {
        Map<String, Arbitrary<String>> params = new java.util.HashMap<>(Map.ofEntries(
                Map.entry("resource", Arbitraries.oneOf(Arbitraries.just(issuer.resource()),
                        Arbitraries.of(issuer.base() + "/mcp/other", issuer.base() + "/mcp/" + issuer.slug().toUpperCase(),
                                issuer.base() + "/mcp/" + issuer.slug() + "/", issuer.base() + "/mcp/", issuer.base(),
                                issuer.resource() + "?x=1", issuer.resource() + "#f", "https://mcp.example.invalid/mcp",
                                "/mcp/" + issuer.slug(), issuer.base() + "/mcp/a%00"),
                        HostileInputs.pathSegment(List.of(issuer.slug())).map(s -> issuer.base() + "/mcp/" + s),
                        HostileInputs.text())),
                Map.entry("code_challenge", Arbitraries.oneOf(Arbitraries.just(issuer.challenge()),
                        Arbitraries.of("A".repeat(43), "A".repeat(42), "A".repeat(44), "A".repeat(128), "+".repeat(43),
                                "=".repeat(43), "A".repeat(9000)), HostileInputs.text())),
                Map.entry("code_challenge_method", Arbitraries.oneOf(Arbitraries.of("S256", "plain", "s256", "S512", ""),
                        HostileInputs.text())),
                Map.entry("response_type", Arbitraries.oneOf(Arbitraries.of("code", "token", "code id_token",
                        "id_token", "none", "CODE", "code code"), HostileInputs.text())),
                Map.entry("scope", Arbitraries.oneOf(Arbitraries.of("mcp", "mcp mcp", "openid", "mcp admin", "",
                        " mcp ", "MCP"), HostileInputs.text())),
                Map.entry("state", HostileInputs.text()),
                Map.entry("prompt", Arbitraries.oneOf(Arbitraries.of("none", "login", "consent", "none login",
                        "select_account", "create"), HostileInputs.text())),
                Map.entry("response_mode", Arbitraries.of("query", "fragment", "form_post", "jwt", "x")),
                Map.entry("request", bearers.jwtShaped()),
                Map.entry("request_uri", Arbitraries.oneOf(HostileInputs.safeUrl(),
                        Arbitraries.of("urn:ietf:params:oauth:request_uri:x")))));
        if (withClient) {
            params.put("client_id", clientIds());
            params.put("redirect_uri", redirectUris());
        }
        return new java.util.TreeMap<>(params);
    }

    /** The token and revocation endpoints: grants, codes, refresh tokens, client authentication. */
    Arbitrary<RawHttp.Request> tokenCalls() {
        Map<String, Arbitrary<String>> params = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("grant_type", Arbitraries.oneOf(Arbitraries.of("authorization_code", "refresh_token",
                        "client_credentials", "password", "implicit", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                        "urn:ietf:params:oauth:grant-type:token-exchange", "AUTHORIZATION_CODE"), HostileInputs.text())),
                Map.entry("code", Arbitraries.oneOf(Arbitraries.of(issuer.codes()),
                        Arbitraries.of("lka_", "lka_" + "A".repeat(43), issuer.codes().get(0) + "x"), HostileInputs.text())),
                Map.entry("redirect_uri", redirectUris()),
                Map.entry("code_verifier", Arbitraries.oneOf(Arbitraries.just(issuer.verifier()),
                        Arbitraries.of("A".repeat(42), "A".repeat(43), "A".repeat(128), "A".repeat(129), "~".repeat(50)),
                        HostileInputs.text())),
                Map.entry("client_id", clientIds()),
                Map.entry("client_secret", Arbitraries.oneOf(Arbitraries.of(issuer.postSecret(), issuer.basicSecret(),
                        "lks_", issuer.postSecret() + "x"), HostileInputs.text())),
                Map.entry("refresh_token", Arbitraries.oneOf(Arbitraries.of(issuer.refreshToken(), "lkr_",
                        issuer.refreshToken() + "x", issuer.accessToken()), HostileInputs.text())),
                Map.entry("resource", Arbitraries.oneOf(Arbitraries.of(issuer.resource(), issuer.base() + "/mcp/other",
                        "not a uri", "/relative"), HostileInputs.text())),
                Map.entry("scope", Arbitraries.oneOf(Arbitraries.of("mcp", "mcp admin", "", "openid"), HostileInputs.text())),
                Map.entry("client_assertion_type", Arbitraries.of("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "x")),
                Map.entry("client_assertion", bearers.jwtShaped()),
                Map.entry("token", bearers.tokens()),
                Map.entry("token_type_hint", Arbitraries.of("refresh_token", "access_token", "x", ""))));
        Arbitrary<String> hostile = HostileInputs.query(params).map(q -> q.isEmpty() ? "" : q.substring(1));
        // Half of them start as a grant a client could send, so the hostile rest reaches the grants' checks.
        Arbitrary<String> grant = Arbitraries.of("grant_type=authorization_code&client_id=" + issuer.publicClient(),
                "grant_type=refresh_token&client_id=" + issuer.publicClient(),
                "grant_type=refresh_token&client_id=" + issuer.postClient() + "&client_secret=" + issuer.postSecret(),
                "grant_type=authorization_code&client_id=" + issuer.basicClient(),
                "client_id=" + issuer.publicClient() + "&token=" + issuer.refreshToken(),
                "client_id=" + issuer.publicClient());
        Arbitrary<byte[]> form = Arbitraries.oneOf(hostile, Combinators.combine(grant, hostile)
                .as((start, rest) -> rest.isEmpty() ? start : start + "&" + rest)).map(HostileInputs::utf8);
        Arbitrary<byte[]> json = HostileInputs.body(Map.of("grant_type", Arbitraries.just("\"refresh_token\""),
                "refresh_token", bearers.tokens().map(HostileInputs::jsonString),
                "client_id", clientIds().map(HostileInputs::jsonString)));
        Arbitrary<Optional<byte[]>> bodies = Arbitraries.frequencyOf(Tuple.of(8, form.map(Optional::of)),
                Tuple.of(1, json.map(Optional::of)), Tuple.of(1, Arbitraries.just(Optional.empty())));
        Arbitrary<Optional<String>> types = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Optional.of("application/x-www-form-urlencoded"))),
                Tuple.of(1, Arbitraries.of("application/x-www-form-urlencoded; charset=utf-8",
                        "application/x-www-form-urlencoded; charset=nonsense", "APPLICATION/X-WWW-FORM-URLENCODED")
                        .map(Optional::of)),
                Tuple.of(2, HostileHeaders.contentType()));
        Arbitrary<Optional<String>> authorization = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(2, Arbitraries.just(Optional.of(basic(issuer.basicClient(), issuer.basicSecret())))),
                Tuple.of(2, Arbitraries.of(basic(issuer.basicClient(), "wrong"), basic(issuer.postClient(),
                                issuer.postSecret()), basic(issuer.publicClient(), ""), basic("", ""), basic(":", ":"),
                        basic("lkc_x", "lks_x"), basic(issuer.basicClient() + "%00", issuer.basicSecret()),
                        "Basic", "Basic ", "Basic !!!!", "Basic " + "A".repeat(9000), "Basic "
                                + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)),
                        "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', (byte) 0xfe}),
                        "basic " + Base64.getEncoder().encodeToString((issuer.basicClient() + ":" + issuer.basicSecret())
                                .getBytes(StandardCharsets.UTF_8)), "Bearer " + issuer.accessToken(), "Digest x",
                        "Basic %3A").map(Optional::of)),
                Tuple.of(1, HostileInputs.text().map(t -> Optional.of("Basic " + HostileInputs.base64(t)))));
        Arbitrary<List<Map.Entry<String, String>>> headers = Combinators.combine(authorization, types,
                        HostileHeaders.accept(), HostileHeaders.extra())
                .as(HostileHeaders::list);
        return Combinators.combine(Arbitraries.of("/oauth/token", "/oauth/token", "/oauth/revoke"), bodies, headers)
                .as((path, body, list) -> new RawHttp.Request("POST", path, list, body.orElse(null)));
    }

    /** Requests to the gateway route (and another) with a bearer that is not an access token for it. */
    Arbitrary<RawHttp.Request> gatewayBearers() {
        Arbitrary<String> routes = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(issuer.slug())),
                Tuple.of(1, Arbitraries.of("other", "a")));
        Arbitrary<String> initialize = Arbitraries.just("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}");
        return Combinators.combine(Arbitraries.of("POST", "POST", "POST", "GET", "DELETE"), routes, bearers.tokens(),
                        Arbitraries.of("Bearer ", "bearer ", "BEARER  "), initialize)
                .as((method, slug, token, scheme, body) -> new RawHttp.Request(method, "/mcp/" + slug,
                        RawHttp.headers("Authorization", scheme + token, "Content-Type", "application/json", "Accept",
                                "application/json, text/event-stream"),
                        method.equals("POST") ? HostileInputs.utf8(body) : null));
    }

    private Arbitrary<String> clientIds() {
        int closed = HostileInputs.closedPort();
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(issuer.publicClient(), issuer.basicClient(), issuer.postClient())),
                Tuple.of(3, Arbitraries.of("lkc_", "lkc_unknown", issuer.publicClient() + "x",
                        issuer.publicClient().toUpperCase(), " " + issuer.publicClient(), "lkc_%00",
                        "https://client.example.invalid/meta.json", "https://x.test/client", "https://x.test",
                        "https://x.test/", "https://x.test/a/../b", "https://user:pw@x.test/c", "https://x.test/c#f",
                        "https://x.test/c?x=1", "HTTPS://X.TEST/C", "https://127.0.0.1:" + closed + "/client.json",
                        "https://localhost:" + closed + "/client.json", "https://[::1]:" + closed + "/client.json",
                        "http://127.0.0.1:" + closed + "/client.json", "http://x.test/client", "https://",
                        "https://x.test/" + "c".repeat(1100), "https://x.test/c c", "https://%00.test/c",
                        "https://a_b.test/c", "https://x.test:99999/c", "https:x.test/c")),
                Tuple.of(2, HostileInputs.safeUrl()),
                Tuple.of(2, HostileInputs.text()));
    }

    private Arbitrary<String> redirectUris() {
        String registered = issuer.redirectUris().get(0);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(issuer.redirectUris())),
                Tuple.of(3, Arbitraries.of(registered + "/", registered + "?x=1", registered + "#f",
                        registered.toUpperCase(), registered.replace("127.0.0.1", "localhost"),
                        registered.replace("http:", "https:"), registered + "%00", registered + " ",
                        "https://app.example.invalid/cb", "https://app.example.invalid/cb?x=1&x=2",
                        "https://evil.example.invalid/cb", "//app.example.invalid/cb?x=1", "/cb")),
                Tuple.of(2, HostileInputs.safeUrl()),
                Tuple.of(1, HostileInputs.text()));
    }

    /** What a browser sends for the authorization pages: the user's session most often. */
    private Arbitrary<List<Map.Entry<String, String>>> browserHeaders() {
        String name = IssuerFixtures.USER_COOKIE + "=";
        Arbitrary<Optional<String>> cookie = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Optional.of(name + issuer.userCookie()))),
                Tuple.of(2, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(2, Arbitraries.oneOf(HostileInputs.text().map(HostileInputs::encode),
                        Arbitraries.of("", "uss_", issuer.userCookie() + "x", issuer.userCookie().substring(0, 31),
                                issuer.userCookie() + "; " + name + "other", "uss_aaaaaaaaaaaaaaaaaaaaaaaaaa." + "A".repeat(43)))
                        .map(v -> Optional.of(name + v))));
        return Combinators.combine(cookie, HostileHeaders.browserAccept(), HostileHeaders.extra())
                .as((c, accept, extra) -> {
                    List<Map.Entry<String, String>> list = new ArrayList<>(extra);
                    c.ifPresent(value -> list.add(Map.entry("Cookie", value)));
                    accept.ifPresent(value -> list.add(Map.entry("Accept", value)));
                    return list;
                });
    }

    private static Arbitrary<List<Map.Entry<String, String>>> headers(Arbitrary<Optional<String>> contentType) {
        Arbitrary<Optional<String>> origin = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Optional.empty())),
                Tuple.of(1, Arbitraries.of("https://inspector.example.invalid", "null", "*").map(Optional::of)));
        return Combinators.combine(contentType, HostileHeaders.accept(), HostileHeaders.extra(), origin)
                .as((type, accept, extra, o) -> {
                    List<Map.Entry<String, String>> list = HostileHeaders.list(Optional.empty(), type, accept, extra);
                    o.ifPresent(value -> list.add(Map.entry("Origin", value)));
                    return list;
                });
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
