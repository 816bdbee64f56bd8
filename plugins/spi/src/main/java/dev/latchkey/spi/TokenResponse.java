package dev.latchkey.spi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A token endpoint response as the engine received it, with the body already parsed into flat
 * string {@linkplain #fields() fields}, passed through
 * {@link ProviderPlugin#normalizeTokenResponse} before the engine interprets it (RFC 6749 §5).
 *
 * <p>How the engine fills {@link #fields()}, by the response content type: a JSON object becomes
 * one field per member, nested objects as dotted paths ({@code authed_user.access_token}), arrays
 * of scalars as their elements joined with a space, other arrays with the index as a path segment
 * ({@code items.0.id}); numbers keep their JSON text, booleans are {@code true}/{@code false}, and
 * {@code null} members are left out. A form-encoded body becomes one field per pair. Any other body
 * gives no fields; {@link #withFieldsFromFormBody()} parses a mislabelled form body.
 *
 * <p>How the engine interprets the normalised record: {@link #isError()} is a failure (with
 * {@code error} and {@code error_description} as the safe message); otherwise
 * {@code access_token} and {@code token_type} (case-insensitively {@code Bearer}) are required,
 * an absent {@code expires_in} means "no known expiry" (never a made-up one) and an absent
 * {@code refresh_token} means none was issued.
 *
 * <p>{@link #toString()} shows neither the body nor field values: both carry tokens.
 *
 * @param statusCode  the HTTP status
 * @param contentType the {@code Content-Type} media type without parameters, lower case, if sent
 * @param body        the raw body text (UTF-8), possibly empty
 * @param fields      the parsed fields, in order
 */
public record TokenResponse(int statusCode, Optional<String> contentType, String body, Parameters fields) {

    /** Validates the status and that {@code fields} is a parameter (not header) list. */
    public TokenResponse {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("statusCode must be an HTTP status");
        }
        Checks.optional(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Checks.parameters(fields, java.util.Set.of(), "fields");
    }

    /** A JSON-like response from already-parsed fields, with an empty body. */
    public static TokenResponse ofFields(int statusCode, Parameters fields) {
        return new TokenResponse(statusCode, Optional.of("application/json"), "", fields);
    }

    /** The value of field {@code name}, if present. */
    public Optional<String> field(String name) {
        return fields.first(name);
    }

    /** {@code access_token}. */
    public Optional<String> accessToken() {
        return field("access_token");
    }

    /** {@code refresh_token}. */
    public Optional<String> refreshToken() {
        return field("refresh_token");
    }

    /** {@code token_type}. */
    public Optional<String> tokenType() {
        return field("token_type");
    }

    /** {@code scope}. */
    public Optional<String> scope() {
        return field("scope");
    }

    /** {@code error}, the RFC 6749 error code. */
    public Optional<String> error() {
        return field("error").filter(e -> !e.isBlank());
    }

    /** {@code error_description}. */
    public Optional<String> errorDescription() {
        return field("error_description");
    }

    /** Whether this is a failure: a non-2xx status, or a 2xx that carries {@code error} (GitHub). */
    public boolean isError() {
        return statusCode < 200 || statusCode > 299 || error().isPresent();
    }

    /**
     * {@code expires_in} as a duration, accepting a number or a numeric string, with any fraction
     * of a second dropped; empty when absent or blank.
     *
     * @throws IllegalStateException if the value is not a non-negative number
     */
    public Optional<Duration> expiresIn() {
        return field("expires_in").filter(v -> !v.isBlank())
                .map(v -> Duration.ofSeconds(seconds(v, ChronoUnit.SECONDS)));
    }

    /** Returns a copy with field {@code name} set to {@code value}. */
    public TokenResponse withField(String name, String value) {
        return withFields(fields.set(name, value));
    }

    /** Returns a copy without field {@code name}. */
    public TokenResponse withoutField(String name) {
        return withFields(fields.without(name));
    }

    /** Returns a copy with the fields replaced. */
    public TokenResponse withFields(Parameters v) {
        return new TokenResponse(statusCode, contentType, body, v);
    }

    /**
     * Copies every field {@code prefix.x} to {@code x}, replacing a top-level value, e.g. Slack's
     * user token: {@code withFieldsLiftedFrom("authed_user")} turns
     * {@code authed_user.access_token} into {@code access_token}. Deeper paths keep their rest
     * ({@code prefix.a.b} becomes {@code a.b}).
     */
    public TokenResponse withFieldsLiftedFrom(String prefix) {
        String start = Checks.nonBlank(prefix, "prefix") + ".";
        Parameters lifted = fields;
        for (Parameter field : fields) {
            if (field.name().startsWith(start) && field.name().length() > start.length()) {
                lifted = lifted.set(field.name().substring(start.length()), field.value());
            }
        }
        return withFields(lifted);
    }

    /**
     * Converts {@code expires_in} from {@code unit} to whole seconds, e.g.
     * {@code withExpiresInConvertedFrom(ChronoUnit.MILLIS)} for a provider that sends
     * milliseconds. Unchanged when the field is absent.
     *
     * @throws IllegalStateException if the value is not a non-negative number
     */
    public TokenResponse withExpiresInConvertedFrom(ChronoUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return field("expires_in").filter(v -> !v.isBlank())
                .map(v -> withField("expires_in", Long.toString(seconds(v, unit))))
                .orElse(this);
    }

    /** Sets {@code token_type} to {@code type} when the provider sent none. */
    public TokenResponse withDefaultTokenType(String type) {
        Checks.nonBlank(type, "type");
        return tokenType().filter(t -> !t.isBlank()).isPresent() ? this : withField("token_type", type);
    }

    /** Parses the body as {@code application/x-www-form-urlencoded} and sets each pair as a field. */
    public TokenResponse withFieldsFromFormBody() {
        Parameters parsed = fields;
        for (String pair : body.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!name.isEmpty()) {
                parsed = parsed.set(name, value);
            }
        }
        return withFields(parsed);
    }

    /** Shows the status, content type and field names only. */
    @Override
    public String toString() {
        return "TokenResponse[statusCode=" + statusCode + ", contentType=" + contentType.orElse("none")
                + ", body=<" + body.length() + " chars>, fields=" + fields + "]";
    }

    private static long seconds(String value, ChronoUnit unit) {
        BigDecimal number;
        try {
            number = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("expires_in is not a number");
        }
        if (number.signum() < 0) {
            throw new IllegalStateException("expires_in must not be negative");
        }
        try {
            BigDecimal nanosPerUnit = BigDecimal.valueOf(unit.getDuration().toNanos());
            return number.multiply(nanosPerUnit)
                    .divide(BigDecimal.valueOf(1_000_000_000L), 0, RoundingMode.DOWN)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalStateException("expires_in is out of range");
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("token response body is not valid form encoding");
        }
    }
}
