package dev.latchkey.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the fake answers. */
record Reply(int status, Map<String, String> headers, byte[] body) {

    static Reply json(int status, String json) {
        return new Reply(status, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply form(int status, String body) {
        return new Reply(status, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply redirect(String location) {
        return new Reply(302, Map.of("Location", location), new byte[0]);
    }
}
