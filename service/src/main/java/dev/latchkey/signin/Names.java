package dev.latchkey.signin;

import java.util.List;
import java.util.Set;

/** A configured list of names (subjects or server slugs) where {@code "*"} stands for every name. */
public record Names(boolean everyone, Set<String> names) {

    static final String ANY = "*";

    public Names {
        names = Set.copyOf(names);
    }

    public static Names of(List<String> configured) {
        return new Names(configured.contains(ANY), Set.copyOf(configured.stream().filter(n -> !ANY.equals(n))
                .toList()));
    }

    public static Names anyone() {
        return new Names(true, Set.of());
    }

    public boolean contains(String name) {
        return everyone || names.contains(name);
    }
}
