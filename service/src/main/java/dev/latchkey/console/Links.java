package dev.latchkey.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    /**
     * The model every filtered list page starts from: its filter, whether one is set, and the link
     * to the next page ("" on the last).
     */
    static Map<String, Object> listModel(String path, Map<String, String> filter, Optional<String> nextCursor) {
        Map<String, Object> model = new HashMap<>();
        model.put("filter", filter);
        model.put("filtered", !filter.isEmpty());
        model.put("nextLink", nextCursor.map(c -> withCursor(path, filter, c)).orElse(""));
        return model;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
