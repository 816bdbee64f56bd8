package dev.latchkey.store;

import dev.latchkey.protocol.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A keyset position ({@code created_at}, {@code id}) carried opaquely between pages. */
public record Cursor(long at, String id) {

    /** Start of a descending list: after everything. */
    public static final Cursor NEWEST = new Cursor(Long.MAX_VALUE, "~");

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decodeOrNewest(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return NEWEST;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            String id = raw.substring(colon + 1);
            if (id.indexOf('\u0000') >= 0) {
                // PostgreSQL cannot even compare a text with NUL in it; no id has one
                throw new IllegalArgumentException("NUL in cursor");
            }
            return new Cursor(Long.parseLong(raw.substring(0, colon)), id);
        } catch (RuntimeException e) {
            throw Failure.request("invalid_cursor", "The cursor is not one this API issued.");
        }
    }
}
