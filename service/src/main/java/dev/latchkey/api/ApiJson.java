package dev.latchkey.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * How the API writes JSON: every time as an RFC 3339 string in UTC ({@code 2026-12-06T04:22:53.873Z}),
 * never as epoch seconds with a fraction (Jackson's default), so a caller parses one format everywhere —
 * the views that format their own times ({@code Instant.toString()}) write the same.
 */
public final class ApiJson {

    private ApiJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
