package dev.latchkey.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which headers cross the gateway, in each direction: an allowlist, so that nothing of the client's
 * (its gateway token, cookies, proxy headers) reaches the upstream server and nothing of the upstream's
 * (cookies, its authorization challenge, hop-by-hop and length headers) reaches the client.
 */
final class GatewayHeaders {

    /** Request headers passed upstream (lower case), besides every {@code Mcp-Param-*}. */
    static final Set<String> REQUEST = Set.of("accept", "content-type", "mcp-session-id", "mcp-protocol-version",
            "last-event-id", "mcp-method", "mcp-name");

    private static final String PARAM_PREFIX = "mcp-param-";

    /**
     * Response headers passed back (lower case). Never {@code Set-Cookie}; never {@code WWW-Authenticate}
     * (the upstream's challenge names its own authorization server: a client must not start an OAuth
     * flow there — the gateway answers an upstream 401 itself); never lengths or codings (the gateway
     * streams, and Jetty frames the answer anew).
     */
    static final Set<String> RESPONSE = Set.of("content-type", "mcp-session-id", "mcp-protocol-version",
            "cache-control", "retry-after", "allow");

    private static final int MAX_VALUE = 8192;

    private GatewayHeaders() {
    }

    /**
     * The request headers to send upstream, from the client's header names and their values. The
     * caller adds the upstream {@code Authorization} itself.
     */
    static Map<String, List<String>> upstream(Iterable<String> names, Function<String, Iterable<String>> values) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!forwardsRequest(lower)) {
                continue;
            }
            for (String value : values.apply(name)) {
                if (isClean(value)) {
                    out.computeIfAbsent(canonicalName(name), k -> new ArrayList<>()).add(value);
                }
            }
        }
        return out;
    }

    static boolean forwardsRequest(String lowerName) {
        return REQUEST.contains(lowerName)
                || (lowerName.startsWith(PARAM_PREFIX) && lowerName.length() > PARAM_PREFIX.length());
    }

    /** The upstream response headers (names in lower case) to pass back to the client. */
    static Map<String, List<String>> downstream(Map<String, List<String>> upstream) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        upstream.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESPONSE.contains(lower)) {
                values.stream().filter(GatewayHeaders::isClean)
                        .forEach(value -> out.computeIfAbsent(lower, k -> new ArrayList<>()).add(value));
            }
        });
        return out;
    }

    /** No line breaks or other control characters (header injection), and not absurdly long. */
    static boolean isClean(String value) {
        if (value == null || value.length() > MAX_VALUE) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String canonicalName(String name) {
        return name.strip();
    }
}
