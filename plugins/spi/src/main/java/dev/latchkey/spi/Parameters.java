package dev.latchkey.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An immutable, ordered multi-map of {@link Parameter}s: query or form parameters, token-response
 * fields, or HTTP headers. Order is kept because some providers and signatures care about it.
 *
 * <p>Parameter names are matched exactly; header lists (created with {@link #headers()} or
 * {@link #headersOf(String...)}) match names case-insensitively and reject names that are not
 * HTTP tokens and values containing CR, LF or NUL, so a plugin cannot inject extra headers.
 *
 * @param entries              the pairs, in order
 * @param caseInsensitiveNames whether names are compared ignoring case (true for headers)
 */
public record Parameters(List<Parameter> entries, boolean caseInsensitiveNames) implements Iterable<Parameter> {

    private static final Parameters EMPTY = new Parameters(List.of(), false);
    private static final Parameters EMPTY_HEADERS = new Parameters(List.of(), true);
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    /** Copies the entries and, for headers, validates names and values. */
    public Parameters {
        entries = Checks.list(entries, "entries");
        if (caseInsensitiveNames) {
            entries.forEach(Parameters::checkHeader);
        }
    }

    /** Returns an empty parameter list with exact name matching. */
    public static Parameters empty() {
        return EMPTY;
    }

    /** Returns an empty header list with case-insensitive name matching. */
    public static Parameters headers() {
        return EMPTY_HEADERS;
    }

    /**
     * Builds parameters from alternating names and values.
     *
     * @param namesAndValues {@code name1, value1, name2, value2, ...}
     * @return the parameters in the given order
     */
    public static Parameters of(String... namesAndValues) {
        return new Parameters(pairs(namesAndValues), false);
    }

    /** Builds a header list from alternating names and values. */
    public static Parameters headersOf(String... namesAndValues) {
        return new Parameters(pairs(namesAndValues), true);
    }

    /** Returns the first value of {@code name}, if any. */
    public Optional<String> first(String name) {
        return stream().filter(p -> matches(p, name)).map(Parameter::value).findFirst();
    }

    /** Returns every value of {@code name}, in order; empty if there is none. */
    public List<String> all(String name) {
        return stream().filter(p -> matches(p, name)).map(Parameter::value).toList();
    }

    /** Whether at least one entry has this name. */
    public boolean contains(String name) {
        return stream().anyMatch(p -> matches(p, name));
    }

    /** The distinct names, in order of first appearance. */
    public List<String> names() {
        return List.copyOf(new LinkedHashSet<>(stream().map(Parameter::name).toList()));
    }

    /** The number of entries (a repeated name counts each time). */
    public int size() {
        return entries.size();
    }

    /** Whether there are no entries. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries as a stream. */
    public Stream<Parameter> stream() {
        return entries.stream();
    }

    @Override
    public Iterator<Parameter> iterator() {
        return entries.iterator();
    }

    /** Appends {@code name=value}, keeping any existing values of {@code name}. */
    public Parameters with(String name, String value) {
        return new Parameters(Checks.append(entries, new Parameter(name, value)), caseInsensitiveNames);
    }

    /** Appends every entry of {@code other}, in order. */
    public Parameters withAll(Parameters other) {
        List<Parameter> copy = new ArrayList<>(entries);
        copy.addAll(Objects.requireNonNull(other, "other").entries());
        return new Parameters(copy, caseInsensitiveNames);
    }

    /**
     * Sets {@code name} to exactly one value: replaces the first occurrence in place and drops any
     * later ones, or appends when the name is absent.
     */
    public Parameters set(String name, String value) {
        Parameter replacement = new Parameter(name, value);
        List<Parameter> copy = new ArrayList<>();
        boolean replaced = false;
        for (Parameter p : entries) {
            if (!matches(p, name)) {
                copy.add(p);
            } else if (!replaced) {
                copy.add(replacement);
                replaced = true;
            }
        }
        if (!replaced) {
            copy.add(replacement);
        }
        return new Parameters(copy, caseInsensitiveNames);
    }

    /** Removes every occurrence of {@code name}. */
    public Parameters without(String name) {
        return new Parameters(stream().filter(p -> !matches(p, name)).toList(), caseInsensitiveNames);
    }

    /**
     * Merges space-separated tokens into {@code name}, as OAuth list values ({@code prompt},
     * {@code scope}) require. Equivalent to {@code merge(name, tokens, " ")}.
     *
     * <p>Example (Google): {@code prompt=select_account} merged with {@code consent} becomes
     * {@code prompt=select_account consent}; with no {@code prompt} it becomes
     * {@code prompt=consent}; a {@code prompt} that already has {@code consent} is unchanged.
     */
    public Parameters merge(String name, String tokens) {
        return merge(name, tokens, " ");
    }

    /**
     * Merges {@code separator}-separated tokens into the value of {@code name}: each token that
     * is not already present is appended after the existing ones, in order. When the name is
     * absent the tokens are added as a new entry. Empty tokens are dropped and the result is
     * stored with {@link #set} semantics.
     *
     * @param name      the parameter to merge into
     * @param tokens    one or more tokens, separated by {@code separator}
     * @param separator the list separator, e.g. {@code " "} or {@code ","}
     * @return the merged parameters
     */
    public Parameters merge(String name, String tokens, String separator) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(separator, "separator");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("separator must not be empty");
        }
        LinkedHashSet<String> merged = new LinkedHashSet<>(split(first(name).orElse(""), separator));
        merged.addAll(split(tokens, separator));
        return set(name, String.join(separator, merged));
    }

    /**
     * Lists names only: values may be credentials (an API-key header, a token field), and this
     * string ends up in logs.
     */
    @Override
    public String toString() {
        return "Parameters" + stream().map(Parameter::name).toList();
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(java.util.regex.Pattern.quote(separator), -1)) {
            String token = part.strip();
            if (!token.isEmpty()) {
                out.add(token);
            }
        }
        return out;
    }

    private boolean matches(Parameter parameter, String name) {
        Objects.requireNonNull(name, "name");
        return caseInsensitiveNames ? parameter.name().equalsIgnoreCase(name) : parameter.name().equals(name);
    }

    private static List<Parameter> pairs(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected alternating names and values");
        }
        List<Parameter> list = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new Parameter(namesAndValues[i], namesAndValues[i + 1]));
        }
        return list;
    }

    private static void checkHeader(Parameter header) {
        for (char c : header.name().toCharArray()) {
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_CHARS.indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("header name '" + header.name() + "' is not an HTTP token");
            }
        }
        if (header.value().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("header '" + header.name() + "' contains CR, LF or NUL");
        }
    }
}
