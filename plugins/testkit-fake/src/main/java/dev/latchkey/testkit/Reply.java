package dev.latchkey.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the fake answers; tests build one to steer the token endpoint. */
public record Reply(int status, Map<String, String> headers, byte[] body) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    /** A JSON answer, not cacheable (RFC 6749 section 5.1). */
    public static Reply json(int status, String json) {
        return new Reply(status, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply form(int status, String body) {
        return new Reply(status, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply redirect(String location) {
        return new Reply(302, Map.of("Location", location), new byte[0]);
    }
}
