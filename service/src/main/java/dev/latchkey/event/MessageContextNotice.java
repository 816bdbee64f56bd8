package dev.latchkey.event;

import dev.latchkey.protocol.ProviderText;
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
     * {@link ProviderText#oneLine}: each control character (U+0000–U+001F, U+007F), line or paragraph
     * separator and angle bracket becomes a space; runs of spaces become one; the ends are trimmed;
     * then the length is bounded.
     */
    public static String sanitize(String value) {
        return ProviderText.oneLine(value, MAX_VALUE_LENGTH);
    }
}
