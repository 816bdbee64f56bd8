package dev.latchkey.console;

import java.util.Optional;

/** A filter value typed into a console form: blank means "no filter"; a pasted novel is cut short. */
final class FilterText {

    private static final int MAX_LENGTH = 1000;

    private FilterText() {
    }

    static Optional<String> of(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String stripped = value.strip();
        return Optional.of(stripped.length() > MAX_LENGTH ? stripped.substring(0, MAX_LENGTH) : stripped);
    }
}
