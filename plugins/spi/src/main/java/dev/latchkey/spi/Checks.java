package dev.latchkey.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Validation helpers shared by the value records; messages name fields, never values. */
final class Checks {

    private Checks() {
    }

    static String nonBlank(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static URI absolute(URI uri, String field) {
        Objects.requireNonNull(uri, field);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an absolute URI with a host");
        }
        return uri;
    }

    /** Checks that a string-typed identifier (issuer, resource) is an absolute URI. */
    static String absoluteUriString(String value, String field) {
        nonBlank(value, field);
        try {
            absolute(new URI(value), field);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " must be a valid URI", e);
        }
        return value;
    }

    static <T> List<T> list(List<T> list, String field) {
        return List.copyOf(Objects.requireNonNull(list, field));
    }

    static <K, V> Map<K, V> map(Map<K, V> map, String field) {
        return Map.copyOf(Objects.requireNonNull(map, field));
    }

    static <T> Optional<T> optional(Optional<T> optional, String field) {
        return Objects.requireNonNull(optional, field);
    }

    static List<String> tokens(List<String> values, String field) {
        List<String> copy = list(values, field);
        for (String value : copy) {
            if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(field + " entries must be non-empty and contain no whitespace");
            }
        }
        return copy;
    }

    static void noReservedNames(Parameters parameters, Set<String> reserved, String field) {
        Objects.requireNonNull(parameters, field);
        for (Parameter parameter : parameters) {
            for (String name : reserved) {
                boolean clash = parameters.caseInsensitiveNames()
                        ? name.equalsIgnoreCase(parameter.name())
                        : name.equals(parameter.name());
                if (clash) {
                    throw new IllegalArgumentException(field + " must not set '" + parameter.name()
                            + "': the engine owns it");
                }
            }
        }
    }

    /** Headers that only the engine sets on token and revocation requests. */
    static final Set<String> RESERVED_HEADERS =
            Set.of("Authorization", "Content-Type", "Content-Length", "Host", "Transfer-Encoding");

    static Parameters headers(Parameters headers) {
        Objects.requireNonNull(headers, "headers");
        if (!headers.caseInsensitiveNames()) {
            throw new IllegalArgumentException("headers must be a header list (Parameters.headers())");
        }
        noReservedNames(headers, RESERVED_HEADERS, "headers");
        return headers;
    }

    static Parameters parameters(Parameters parameters, Set<String> reserved, String field) {
        Objects.requireNonNull(parameters, field);
        if (parameters.caseInsensitiveNames()) {
            throw new IllegalArgumentException(field + " must be a parameter list, not a header list");
        }
        noReservedNames(parameters, reserved, field);
        return parameters;
    }

    /** An empty resource is only allowed with a declared OMIT_RESOURCE relaxation. */
    static void resource(Optional<String> resource, List<Relaxation> relaxations) {
        optional(resource, "resource").ifPresent(r -> absoluteUriString(r, "resource"));
        if (resource.isEmpty() && !declares(relaxations, RelaxationKind.OMIT_RESOURCE)) {
            throw new IllegalArgumentException("omitting resource needs an OMIT_RESOURCE relaxation");
        }
    }

    static List<Relaxation> relaxations(List<Relaxation> relaxations) {
        return list(relaxations, "relaxations");
    }

    static boolean declares(List<Relaxation> relaxations, RelaxationKind kind) {
        return relaxations.stream().anyMatch(r -> r.kind() == kind);
    }

    /** Appends a relaxation unless one of the same kind is already declared. */
    static List<Relaxation> declare(List<Relaxation> relaxations, RelaxationKind kind, String reason) {
        Relaxation relaxation = new Relaxation(kind, reason);
        return declares(relaxations, kind) ? relaxations : append(relaxations, relaxation);
    }

    /** An issuer a credential or plugin is bound to: an absolute URI, or a prefix ending in {@code /*}. */
    static String issuerBinding(String entry, String field) {
        Objects.requireNonNull(entry, field);
        absoluteUriString(entry.endsWith("/*") ? entry.substring(0, entry.length() - 1) : entry, field);
        return entry;
    }

    /** A comma-separated configuration value as a list; blank entries are dropped. */
    static List<String> commaList(String value) {
        return value == null ? List.of()
                : java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static <T> List<T> append(List<T> list, T element) {
        Objects.requireNonNull(element, "element");
        java.util.ArrayList<T> copy = new java.util.ArrayList<>(list);
        copy.add(element);
        return copy;
    }
}
