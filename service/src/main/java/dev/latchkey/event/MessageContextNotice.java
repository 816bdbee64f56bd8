package dev.latchkey.event;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code <message-context>} block a model reads: one {@code Key: value} per line, only
 * non-empty fields. Values are sanitised so that no provider text can end the block or start a
 * new line: control characters and angle brackets are removed and the length is bounded.
 */
public final class MessageContextNotice {

    static final int MAX_VALUE_LENGTH = 500;
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029<>]");
    // Compiled once: String.replaceAll would compile it again for every value of every notice.
    private static final Pattern SPACES = Pattern.compile(" {2,}");

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

    public static String sanitize(String value) {
        if (value == null) {
            return "";
        }
        String clean = SPACES.matcher(UNSAFE.matcher(value).replaceAll(" ")).replaceAll(" ").trim();
        return clean.length() > MAX_VALUE_LENGTH ? clean.substring(0, MAX_VALUE_LENGTH - 1) + "…" : clean;
    }
}
