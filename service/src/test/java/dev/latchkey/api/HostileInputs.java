package dev.latchkey.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile request parts for {@link HostileInputFuzzTest}. Every URL they produce names
 * a host that is loopback or can never resolve ({@code .invalid}, {@code .test}), so a request the
 * application accepts can reach nothing beyond this machine.
 */
final class HostileInputs {

    /** A loopback port that was free a moment ago, bound to nothing. */
    private static final int CLOSED_PORT = freePort();

    /** Hosts a generated URL may name: loopback (ports where nothing listens) or names that never resolve. */
    static final List<String> SAFE_HOSTS = List.of("mcp.example.invalid", "as.example.invalid", "x.test",
            "xn--mcp-4na.example.invalid", "a.b.c.d.e.invalid", "127.0.0.1:" + closedPort(), "[::1]:" + closedPort(),
            "localhost:" + closedPort(), "127.0.0.1:0", "mcp.example.invalid:65535", "mcp.example.invalid:443");

    private HostileInputs() {
    }

    /** Text an attacker would send in any field: metacharacters, control characters, odd Unicode, sizes. */
    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("", " ", "\t", "null", "undefined", "0", "-1", "true", "[]", "{}",
                        "' OR '1'='1", "'; DROP TABLE flows; --", "\" OR \"\"=\"", "1; SELECT * FROM api_keys",
                        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{7*7}}", "${7*7}",
                        "#{7*7}", "<#assign x=1>", "%s%s%s%n", "../../../../etc/passwd", "..\\..\\windows",
                        "%2e%2e%2f", "\u0000", "a\u0000b", "\r\nX-Injected: 1", "\u202eevil", "\ufeffbom",
                        "\ud83d\ude00", "\ud800", "\udfff", "\u00e9\u0301", "\uffff", "NaN", "Infinity",
                        "9223372036854775808", "-9223372036854775809", "1e309", "0x41", "\\u0000", "lk_",
                        "</message-context>\nEventType: fake", "javascript:alert(1)")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars("-_.~").ofMinLength(1).ofMaxLength(30)),
                Tuple.of(1, Arbitraries.of(201, 2001, 4001, 10_000, 70_000).map("A"::repeat)),
                Tuple.of(1, Arbitraries.of("\u00e9", "\ud83d\ude00", "\u202e", "\u0000").flatMap(c ->
                        Arbitraries.of(50, 300, 3000).map(c::repeat))));
    }

    /** A URL to give as a server or webhook address: hostile in every part but the host. */
    static Arbitrary<String> safeUrl() {
        Arbitrary<String> scheme = Arbitraries.of("https", "https", "https", "http", "HTTPS", "ftp", "file",
                "javascript", "data", "ws", "", "");
        Arbitrary<String> userInfo = Arbitraries.of("", "", "", "", "user@", "user:pass@", "@", ":@");
        Arbitrary<String> path = Arbitraries.of("", "/", "/mcp", "/mcp/", "/a/../../b", "/%2e%2e/%2e%2e",
                "/mcp%00", "/mcp;x=1", "/\u00e9\u00e8", "/" + "p".repeat(2100), "/mcp%2Fx", "/./double",
                "/<script>", "/mcp?x=1", "/mcp?x=1#frag", "#frag", "/mcp with space", "/.well-known/x");
        return Combinators.combine(scheme, userInfo, Arbitraries.of(SAFE_HOSTS), path)
                .as((s, u, h, p) -> (s.isEmpty() ? "//" : s + "://") + u + h + p);
    }

    /** A URL the API accepts as a server address (http(s), a host, no user info), hostile in path and query. */
    static Arbitrary<String> wellFormedUrl() {
        return Combinators.combine(Arbitraries.of("https", "http", "HTTPS"), Arbitraries.of(SAFE_HOSTS),
                        Arbitraries.of("", "/", "/mcp", "/a/../b", "/%2e%2e/mcp", "/mcp;x=1", "/%C3%A9", "/mcp?q=%00",
                                "/mcp?a=1&a=2", "/.well-known/oauth-protected-resource", "/" + "p".repeat(1960),
                                "/" + "\u00e9".repeat(1000), "/mcp?" + "q".repeat(1900)))
                .as((scheme, host, path) -> scheme + "://" + host + path);
    }

    /** Text the API accepts as a subject: odd, but without control characters and at most 200 characters. */
    static Arbitrary<String> wellFormedText() {
        return Arbitraries.oneOf(Arbitraries.of("alice", "' OR '1'='1", "<script>alert(1)</script>", "\u202eevil",
                        "\ud83d\ude00", "</message-context>", "${7*7}", "a".repeat(200), "\u00e9\u0301"),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(200)
                        .filter(t -> !t.isBlank()));
    }

    /** WWW-Authenticate challenges, some naming resource metadata at a safe URL. */
    static Arbitrary<String> challenge() {
        return Arbitraries.oneOf(text(),
                safeUrl().map(url -> "Bearer resource_metadata=\"" + url + "\""),
                safeUrl().map(url -> "Bearer error=\"insufficient_scope\", scope=\"a b\", resource_metadata=\""
                        + url + "\""),
                Arbitraries.of("Bearer", "Bearer ,,,,", "Bearer realm=", "Bearer realm=\"", "Basic realm=\"x\"",
                        "Bearer scope=\"" + "s ".repeat(3000) + "\"", "Bearer error=\"insufficient_scope\"",
                        "Bearer resource_metadata=\"not a url\"", "Bearer resource_metadata=\"\""));
    }

    /** A JSON value of the wrong type or shape for any field (as JSON text). */
    static Arbitrary<String> jsonValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, text().map(HostileInputs::jsonString)),
                Tuple.of(2, Arbitraries.of("null", "true", "false", "0", "-1", "1.5", "1e999", "-0",
                        "9223372036854775808", "123456789012345678901234567890", "[]", "{}", "[null]",
                        "[1,2,3]", "{\"a\":1}", "[\"a\",{}]", "\"\"", "[\"\"]")),
                Tuple.of(1, text().list().ofMaxSize(60).map(items -> items.stream().map(HostileInputs::jsonString)
                        .collect(Collectors.joining(",", "[", "]")))),
                Tuple.of(1, Arbitraries.integers().between(2, 600).map(HostileInputs::nested)));
    }

    /** A JSON array of hostile strings. */
    static String jsonArray(List<String> items) {
        return items.stream().map(HostileInputs::jsonString).collect(Collectors.joining(",", "[", "]"));
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /**
     * A request body: usually an object with the endpoint's fields (each present, absent, repeated
     * or of a hostile value), otherwise something that is not such an object at all.
     */
    static Arbitrary<byte[]> body(Map<String, Arbitrary<String>> fields) {
        List<Arbitrary<String>> members = new ArrayList<>();
        // In name order: Map.of iterates in an order that changes from JVM to JVM, and a seed must reproduce a run.
        new java.util.TreeMap<>(fields).forEach((name, value) -> members.add(Arbitraries.frequencyOf(
                Tuple.of(3, value.map(v -> jsonString(name) + ":" + v)),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, jsonValue().map(v -> jsonString(name) + ":" + v)),
                Tuple.of(1, Combinators.combine(value, jsonValue()).as((a, b) ->
                        jsonString(name) + ":" + a + "," + jsonString(name) + ":" + b)))));
        Arbitrary<String> unknownMember = Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(n -> "x" + n), jsonValue())
                .as((n, v) -> jsonString(n) + ":" + v);
        Arbitrary<String> object = Combinators.combine(Arbitraries.just(members).flatMap(HostileInputs::all),
                        Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("")), Tuple.of(1, unknownMember)))
                .as((known, extra) -> {
                    List<String> parts = new ArrayList<>(known);
                    parts.removeIf(String::isEmpty);
                    if (!extra.isEmpty()) {
                        parts.add(extra);
                    }
                    return parts.stream().collect(Collectors.joining(",", "{", "}"));
                });
        return Arbitraries.frequencyOf(
                Tuple.of(6, object.map(HostileInputs::utf8)),
                Tuple.of(1, jsonValue().map(HostileInputs::utf8)),
                Tuple.of(2, Arbitraries.of("", "{", "}", "{\"a\":", "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,]",
                        "{\"a\":1}{\"b\":2}", "// comment\n{}", "/* c */{}", "{\"a\":NaN}", "{\"a\":01}",
                        "{\"a\":\"\\x41\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\u0001\"}", "\ufeff{}", "nul", "tru",
                        "<?xml version=\"1.0\"?><a/>", "a=1&b=2", "{\"a\":" + "9".repeat(2000) + "}")
                        .map(HostileInputs::utf8)),
                Tuple.of(1, Arbitraries.integers().between(100, 5000)
                        .map(depth -> utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                Tuple.of(1, Arbitraries.of(new byte[] {(byte) 0xff, (byte) 0xfe, '{', 0, '}', 0},
                        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'},
                        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'})),
                Tuple.of(1, Arbitraries.of(66_000, 200_000).map(n -> utf8("{\"subject\":\"" + "x".repeat(n) + "\"}"))));
    }

    private static Arbitrary<List<String>> all(List<Arbitrary<String>> members) {
        Arbitrary<List<String>> result = Arbitraries.just(List.of());
        for (Arbitrary<String> member : members) {
            result = Combinators.combine(result, member).as((list, one) -> {
                List<String> grown = new ArrayList<>(list);
                grown.add(one);
                return grown;
            });
        }
        return result.flatMap(list -> Arbitraries.shuffle(list));
    }

    /** A raw path segment as written on the wire: encoded, double-encoded, traversal, or raw bytes. */
    static Arbitrary<String> pathSegment(List<String> realIds) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(realIds)),
                Tuple.of(3, text().map(HostileInputs::encode)),
                Tuple.of(2, Arbitraries.of("..", ".", "%2e%2e", "..%2F..%2Fv1%2Fwhoami", "%2F", "a%2Fb", "a%5Cb",
                        "%252F", "%00", "a%00b", "%c0%ae%c0%ae", "%ff", "%", "%zz", "flw_x;jsessionid=1", ";x=1",
                        "%3Bx%3D1", "a%20b", "%E2%80%AE", "%F0%9F%98%80", "' OR '1'='1", "<b>", "\u00e9",
                        "~", "*", "$", "flw_" + "A".repeat(40), "flw_" + "A".repeat(9000), "con_%27", "whk_%22",
                        "dlv_%3Cscript%3E", "lk_abc", "null", "0", "-1")),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars("_-").ofMinLength(1).ofMaxLength(80)));
    }

    /** A query string: the endpoint's parameters (hostile values, repeated) and strangers. */
    static Arbitrary<String> query(Map<String, Arbitrary<String>> params) {
        List<Arbitrary<String>> parts = new ArrayList<>();
        new java.util.TreeMap<>(params).forEach((name, value) -> parts.add(Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("")),
                Tuple.of(3, value.map(v -> name + "=" + encode(v))),
                Tuple.of(1, text().map(v -> name + "=" + encode(v))),
                Tuple.of(1, Combinators.combine(value, value).as((a, b) -> name + "=" + encode(a) + "&" + name
                        + "=" + encode(b))),
                Tuple.of(1, Arbitraries.of(name, name + "=", name + "[]=1", name + "=%", name + "=%zz",
                        name + "=%00", name + "=a+b", encode(name) + "=%2e%2e")))));
        Arbitrary<String> stranger = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")),
                Tuple.of(1, Combinators.combine(text(), text()).as((k, v) -> encode(k) + "=" + encode(v))),
                Tuple.of(1, Arbitraries.of("&&&", "=", "==&=", "a=1;b=2", "%", "x=" + "y".repeat(9000))));
        return Combinators.combine(all(parts), stranger).as((known, extra) -> {
            List<String> present = new ArrayList<>(known);
            present.add(extra);
            present.removeIf(String::isEmpty);
            return present.isEmpty() ? "" : "?" + String.join("&", present);
        });
    }

    static Arbitrary<String> limit() {
        return Arbitraries.oneOf(Arbitraries.of("0", "-1", "1", "50", "200", "201", "500", "501", "2147483648",
                        "-2147483649", "99999999999999999999", "1.5", "1e3", "0x10", " 5", "5 ", "+5", "", "abc",
                        "\u0661", "NaN"),
                Arbitraries.integers().between(-1000, 1000).map(String::valueOf));
    }

    /** Cursors: garbage, base64 of garbage, base64 of almost-right shapes. */
    static Arbitrary<String> cursor() {
        return Arbitraries.oneOf(text(),
                text().map(t -> base64(t)),
                Arbitraries.of("1:x", "-1:x", ":", "9223372036854775808:x", "x:y", "1:", "evt:1", "evt:-5",
                        "evt:abc", "seq:1", "seq:-1", "seq:99999999999999999999", "1:" + "~".repeat(3000))
                        .map(HostileInputs::base64),
                Arbitraries.of("====", "!!!!", "a", "ab", "abc=", "A".repeat(5000)));
    }

    static String base64(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(text));
    }

    /** A JSON string literal; control characters and non-ASCII escaped, lone surrogates kept as escapes. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Percent-encoding of UTF-8 (a lone surrogate becomes '?', as any encoder would send it). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static int closedPort() {
        return CLOSED_PORT;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
