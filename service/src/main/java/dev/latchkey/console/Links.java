package dev.latchkey.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds console links with query strings (escaped once here; the template escapes for HTML). */
final class Links {

    private Links() {
    }

    static String to(String path, Map<String, String> params) {
        if (params.isEmpty()) {
            return path;
        }
        return path + "?" + params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String withCursor(String path, Map<String, String> params, String cursor) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("cursor", cursor);
        return to(path, all);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
