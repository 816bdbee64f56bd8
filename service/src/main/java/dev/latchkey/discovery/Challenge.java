package dev.latchkey.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a 401/403 {@code WWW-Authenticate: Bearer …} challenge told the assistant: where the
 * protected-resource metadata is, which scopes are needed, and the error (e.g. insufficient_scope).
 */
public record Challenge(Optional<URI> resourceMetadata, List<String> scopes, Optional<String> error) {

    public static final Challenge NONE = new Challenge(Optional.empty(), List.of(), Optional.empty());

    public Challenge {
        scopes = List.copyOf(scopes);
    }

    public boolean isInsufficientScope() {
        return error.filter("insufficient_scope"::equals).isPresent();
    }

    /** Parses the Bearer challenge of a header; unknown schemes and malformed parts are ignored. */
    public static Challenge parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        Map<String, String> params = bearerParameters(header);
        Optional<URI> metadata = Optional.ofNullable(params.get("resource_metadata")).flatMap(Challenge::uri);
        List<String> scopes = Optional.ofNullable(params.get("scope"))
                .map(s -> List.of(s.trim().split("\\s+"))).orElse(List.of())
                .stream().filter(s -> !s.isBlank()).toList();
        return new Challenge(metadata, scopes, Optional.ofNullable(params.get("error")));
    }

    private static Optional<URI> uri(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> bearerParameters(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int start = indexOfScheme(header, "bearer");
        if (start < 0) {
            return params;
        }
        int i = start + "bearer".length();
        while (i < header.length()) {
            while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
                i++;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = header.substring(i, eq).trim().toLowerCase();
            if (name.contains(" ")) {
                break; // the next auth scheme begins
            }
            i = eq + 1;
            String value;
            if (i < header.length() && header.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < header.length() && header.charAt(i) != '"') {
                    if (header.charAt(i) == '\\' && i + 1 < header.length()) {
                        i++;
                    }
                    quoted.append(header.charAt(i++));
                }
                i++;
                value = quoted.toString();
            } else {
                int end = header.indexOf(',', i);
                end = end < 0 ? header.length() : end;
                value = header.substring(i, end).trim();
                i = end;
            }
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static int indexOfScheme(String header, String scheme) {
        List<Integer> candidates = new ArrayList<>();
        String lower = header.toLowerCase();
        int from = 0;
        while (true) {
            int at = lower.indexOf(scheme, from);
            if (at < 0) {
                break;
            }
            boolean startsToken = at == 0 || lower.charAt(at - 1) == ' ' || lower.charAt(at - 1) == ',';
            boolean endsToken = at + scheme.length() == lower.length() || lower.charAt(at + scheme.length()) == ' ';
            if (startsToken && endsToken) {
                candidates.add(at);
            }
            from = at + 1;
        }
        return candidates.isEmpty() ? -1 : candidates.get(0);
    }
}
