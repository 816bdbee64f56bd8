package dev.latchkey.api;

import dev.latchkey.testing.RawHttp;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Hostile headers for {@link HostileInputFuzzTest}, and its guard that no request names a reachable host. */
final class HostileHeaders {

    private HostileHeaders() {
    }

    static Arbitrary<Optional<String>> contentType() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(Optional.of("application/json"))),
                Tuple.of(4, Arbitraries.of("application/json; charset=utf-8", "application/json; charset=utf-16",
                        "application/json; charset=nonsense", "APPLICATION/JSON", "application/json;;;",
                        "application/problem+json", "text/plain", "text/html", "application/xml",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=", "multipart/form-data",
                        "application/octet-stream", "*/*", "application/*", "", ";", "garbage", "a/b/c",
                        "application/json\u00e9", "application/json; boundary=\"" + "x".repeat(3000) + "\"")
                        .map(Optional::of)),
                Tuple.of(2, Arbitraries.just(Optional.<String>empty())));
    }

    static Arbitrary<Optional<String>> accept() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(2, Arbitraries.of("application/json", "*/*", "text/html", "application/xml", "image/png",
                        "application/problem+json", "text/plain;q=0", "application/json;q=0", "garbage", "", "*/*;q=x",
                        "text/*, application/xml;q=0.9").map(Optional::of)));
    }

    /** What a browser (or someone posing as one) sends for a page. */
    static Arbitrary<Optional<String>> browserAccept() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Optional.of("text/html,application/xhtml+xml,*/*;q=0.8"))),
                Tuple.of(2, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(3, Arbitraries.of("application/json", "application/problem+json", "image/png", "text/plain",
                        "text/html;q=0", "garbage", "").map(Optional::of)));
    }

    /** Other headers: odd request ids, repeated or contradictory framing, junk. */
    static Arbitrary<List<Map.Entry<String, String>>> extra() {
        Arbitrary<List<Map.Entry<String, String>>> one = Arbitraries.of(
                RawHttp.headers("X-Request-Id", "trace-12345678"),
                RawHttp.headers("X-Request-Id", "<script>alert(1)</script>"),
                RawHttp.headers("X-Request-Id", "x".repeat(4000)),
                RawHttp.headers("X-Request-Id", "\u00e9\u00e9"),
                RawHttp.headers("X-Request-Id", "a", "X-Request-Id", "b"),
                RawHttp.headers("Content-Type", "text/plain"),
                RawHttp.headers("Content-Encoding", "gzip"),
                RawHttp.headers("Content-Encoding", "br"),
                RawHttp.headers("Transfer-Encoding", "chunked"),
                RawHttp.headers("Expect", "100-continue"),
                RawHttp.headers("Expect", "nonsense"),
                RawHttp.headers("X-HTTP-Method-Override", "DELETE"),
                RawHttp.headers("X-Forwarded-For", "127.0.0.1", "X-Forwarded-Host", "evil.invalid"),
                RawHttp.headers("Origin", "https://evil.invalid"),
                RawHttp.headers("Range", "bytes=0-1,5-"),
                RawHttp.headers("If-None-Match", "*"),
                RawHttp.headers("X-Big", "a".repeat(20_000)),
                RawHttp.headers("Bad Header", "x"),
                RawHttp.headers("X-Ctl", "a\u0001b"),
                RawHttp.headers("Authorization", "Bearer lk_x"));
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(List.of())), Tuple.of(2, one),
                Tuple.of(1, one.list().ofMaxSize(3).map(lists -> lists.stream().flatMap(List::stream).toList())));
    }

    static Arbitrary<Optional<String>> cookie(FuzzFixtures fixtures) {
        String name = "latchkey_browser=";  // the binding cookie on plain http, as the fuzzed app runs
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(3, Arbitraries.just(Optional.of(name + fixtures.binding()))),
                Tuple.of(3, Arbitraries.oneOf(HostileInputs.text().map(HostileInputs::encode),
                        Arbitraries.of("", "\"\"", "x;y", "A".repeat(5000), fixtures.binding() + "x",
                                fixtures.binding() + "; " + name + "other", "%00", "\u00e9"))
                        .map(v -> Optional.of(name + v))),
                Tuple.of(1, Arbitraries.of("garbage", "=", ";;;", "a=b; c", name, "$Version=1; " + name + "x")
                        .map(Optional::of)));
    }

    static List<Map.Entry<String, String>> list(Optional<String> authorization, Optional<String> contentType,
                                                Optional<String> accept, List<Map.Entry<String, String>> extra) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        authorization.ifPresent(a -> headers.add(Map.entry("Authorization", a)));
        contentType.ifPresent(c -> headers.add(Map.entry("Content-Type", c)));
        accept.ifPresent(a -> headers.add(Map.entry("Accept", a)));
        headers.addAll(extra);
        return headers;
    }

    /**
     * Whether every host the request names (in its target, headers or body, raw or percent-decoded)
     * is loopback or under {@code .invalid}/{@code .test}. The generators only make such URLs; this
     * makes sure of it before anything is sent.
     */
    static boolean namesOnlySafeHosts(RawHttp.Request request) {
        StringBuilder text = new StringBuilder(request.target());
        request.headers().forEach(h -> text.append('\n').append(h.getValue()));
        if (request.body() != null) {
            text.append('\n').append(new String(request.body(), StandardCharsets.UTF_8));
        }
        String raw = text.toString();
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = raw;
        }
        return safe(raw) && safe(decoded) && safe(unescapeJson(raw));
    }

    private static boolean safe(String text) {
        for (int at = text.indexOf("//"); at >= 0; at = text.indexOf("//", at + 2)) {
            int end = at + 2;
            while (end < text.length() && "/?#\"\\".indexOf(text.charAt(end)) < 0
                    && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            String authority = text.substring(at + 2, end);
            String host = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            host = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                    : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
            boolean ok = host.isEmpty() || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost")
                    || host.endsWith(".invalid") || host.endsWith(".test");
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String unescapeJson(String text) {
        Matcher matcher = Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(text.replace("\\/", "/"));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(matcher.group(1), 16))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
