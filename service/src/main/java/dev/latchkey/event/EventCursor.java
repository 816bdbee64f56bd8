package dev.latchkey.event;

import dev.latchkey.protocol.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A position in one tenant's event stream, carried opaquely between pull calls. */
public record EventCursor(long seq) {

    public static final EventCursor START = new EventCursor(0);
    private static final String PREFIX = "evseq:";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    public static EventCursor decodeOrStart(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return START;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                throw new IllegalArgumentException();
            }
            long seq = Long.parseLong(raw.substring(PREFIX.length()));
            if (seq < 0) {
                throw new IllegalArgumentException();
            }
            return new EventCursor(seq);
        } catch (IllegalArgumentException e) {
            throw Failure.request("invalid_cursor", "The cursor is not one this API issued.");
        }
    }
}
