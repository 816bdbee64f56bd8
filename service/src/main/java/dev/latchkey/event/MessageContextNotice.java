package dev.latchkey.event;

import java.util.Map;

/**
 * The {@code <message-context>} block a model reads: one {@code Key: value} per line, only
 * non-empty fields. Values are sanitised so that no provider text can end the block or start a
 * new line: control characters and angle brackets are removed and the length is bounded.
 */
public final class MessageContextNotice {

    static final int MAX_VALUE_LENGTH = 500;

    private MessageContextNotice() {
    }

    /** Renders the fields in their iteration order. */
    public static String render(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("<message-context>\n");
        fields.forEach((key, value) -> {
            String clean = sanitize(value);
            if (!clean.isEmpty()) {
                out.append(key).append(": ").append(clean).append('\n');
            }
        });
        return out.append("</message-context>").toString();
    }

    /**
     * Each control character (U+0000–U+001F, U+007F), line or paragraph separator and angle bracket
     * becomes a space; runs of spaces become one; the ends are trimmed; then the length is bounded.
     * One pass over the value (two regular expressions were most of a notice's cost).
     */
    public static String sanitize(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = isUnsafe(value.charAt(i)) ? ' ' : value.charAt(i);
            boolean repeatedOrLeadingSpace = c == ' ' && (out.length() == 0 || out.charAt(out.length() - 1) == ' ');
            if (!repeatedOrLeadingSpace) {
                out.append(c);
            }
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
        return out.length() > MAX_VALUE_LENGTH ? out.substring(0, MAX_VALUE_LENGTH - 1) + "…" : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || c == '<' || c == '>';
    }
}
