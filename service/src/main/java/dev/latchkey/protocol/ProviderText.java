package dev.latchkey.protocol;

import java.util.Optional;

/**
 * Text that came from an authorization server (error codes and descriptions), made safe before it
 * reaches a flow, a notice, a page or a log: RFC 6749's character set (printable ASCII without
 * {@code "} and {@code \}), no control characters, bounded length.
 */
public final class ProviderText {

    public static final int MAX_CODE = 64;
    public static final int MAX_DESCRIPTION = 300;

    private ProviderText() {
    }

    public static String code(String raw) {
        String clean = keep(raw, MAX_CODE).replace(' ', '_');
        return clean.isEmpty() ? "unknown_error" : clean;
    }

    public static Optional<String> description(String raw) {
        String clean = keep(raw, MAX_DESCRIPTION).replaceAll(" {2,}", " ").trim();
        return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
    }

    private static String keep(String raw, int max) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), max));
        for (int i = 0; i < raw.length() && out.length() < max; i++) {
            char c = raw.charAt(i);
            boolean allowed = c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
            out.append(allowed ? c : ' ');
        }
        return out.toString().trim();
    }
}
