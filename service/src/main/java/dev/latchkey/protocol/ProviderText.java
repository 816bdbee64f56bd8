package dev.latchkey.protocol;

import java.util.Optional;

/**
 * Text that came from elsewhere (an authorization server's error codes, descriptions and metadata
 * values, a webhook receiver's answer), made safe before it reaches a flow, a notice, a page or a
 * log. One rule set for every use: characters outside the allowed set become a replacement, runs
 * of spaces become one, the ends are trimmed, and the length is bounded (a cut may be marked).
 * The uses differ only in the named options: which characters are allowed and what replaces the
 * others.
 */
public final class ProviderText {

    public static final int MAX_CODE = 64;
    public static final int MAX_DESCRIPTION = 300;

    /** Which characters survive. */
    private enum Allowed {
        /** RFC 6749 §5.2's error text: printable ASCII without {@code "} and {@code \}. */
        RFC6749,
        /**
         * Any character that cannot end a line or open a tag (no controls, line or paragraph
         * separators, angle brackets): names and URLs in any script, shown on one line.
         */
        ONE_LINE;

        boolean allows(char c) {
            return switch (this) {
                case RFC6749 -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
                case ONE_LINE -> c >= 0x20 && c != 0x7F && c != '\u2028' && c != '\u2029' && c != '<' && c != '>';
            };
        }
    }

    private ProviderText() {
    }

    /** An error code: RFC 6749 characters, a space as {@code _}; {@code unknown_error} when nothing is left. */
    public static String code(String raw) {
        String clean = clean(raw, Allowed.RFC6749, ' ', MAX_CODE, "").replace(' ', '_');
        return clean.isEmpty() ? "unknown_error" : clean;
    }

    /** An error description: RFC 6749 characters, others as spaces; empty when nothing is left. */
    public static Optional<String> description(String raw) {
        String clean = clean(raw, Allowed.RFC6749, ' ', MAX_DESCRIPTION, "");
        return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
    }

    /**
     * A value quoted as evidence in a message of ours (a refused registration's error, a metadata
     * value that did not match): RFC 6749 characters, each other one shown as {@code ?} so the
     * reader sees that something was there; at most {@code max} characters, a cut marked {@code ...}.
     */
    public static String evidence(String raw, int max) {
        return clean(raw, Allowed.RFC6749, '?', max, "...");
    }

    /**
     * Text in any script kept on one line (a notice a model reads, a webhook receiver's answer):
     * other characters as spaces; at most {@code max} characters, a cut marked {@code …}.
     */
    public static String oneLine(String raw, int max) {
        return clean(raw, Allowed.ONE_LINE, ' ', max, "\u2026");
    }

    /** The one rule set, in one pass (a sanitiser runs for every field of every notice). */
    private static String clean(String raw, Allowed allowed, char replacement, int max, String cutMark) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), max + 1));
        for (int i = 0; i < raw.length(); i++) {
            char c = allowed.allows(raw.charAt(i)) ? raw.charAt(i) : replacement;
            boolean repeatedOrLeadingSpace = c == ' ' && (out.length() == 0 || out.charAt(out.length() - 1) == ' ');
            if (!repeatedOrLeadingSpace) {
                out.append(c);
            }
            if (out.length() > max && c != ' ') {
                break; // longer than max whatever follows: it will be cut
            }
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
        return out.length() > max ? out.substring(0, max - cutMark.length()) + cutMark : out.toString();
    }
}
