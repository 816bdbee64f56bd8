package dev.latchkey.spi;

import java.util.Objects;

/**
 * One name/value pair of a query string, form body or header list.
 *
 * @param name  the parameter name, never empty
 * @param value the value, possibly empty but never {@code null}
 */
public record Parameter(String name, String value) {

    /** Validates that the name is non-empty and the value is present. */
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must not be empty");
        }
    }
}
