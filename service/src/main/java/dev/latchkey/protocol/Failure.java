package dev.latchkey.protocol;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why something could not go on: Latchkey's one failure type, raised where the problem is found and
 * carried unchanged to the faces, which map it to HTTP once. {@code code} is stable and machine-readable
 * (ours, or an RFC 6749 error code from the authorization server after sanitising); the description is
 * safe to show a user, a model or a log: it never holds a secret. No stack trace: a failure is an answer,
 * not a bug.
 */
public final class Failure extends RuntimeException {

    /** What kind of failure it is; decisions (retry, re-authorize) and the HTTP status follow from it. */
    public enum Kind {
        /** The caller's input is unusable. */
        REQUEST,
        /** What the caller named does not exist (for this caller). */
        NOT_FOUND,
        /** What the caller asked for does not fit the state it is in (e.g. a connection needing a new authorization). */
        CONFLICT,
        /** The remote side or its configuration (metadata, registration, a provider plugin) cannot serve us. */
        UPSTREAM,
        /** The authorization server refused (e.g. invalid_grant): asking again will not help. */
        REJECTED,
        /** 5xx, timeout or network failure: worth retrying later. */
        UNAVAILABLE,
        /** An answer that is not a usable response. */
        INVALID_RESPONSE
    }

    private static final String FLOW_ID = "flowId";
    private static final String CONNECTION_ID = "connectionId";
    private static final String SERVER_ID = "serverId";

    private final Kind kind;
    private final String code;
    private final String description;
    private final Map<String, String> references;
    private final Duration retryAfter;

    private Failure(Kind kind, String code, String description, Map<String, String> references, Duration retryAfter) {
        super(code + ": " + description, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        this.description = Objects.requireNonNull(description, "description");
        this.references = Collections.unmodifiableMap(new LinkedHashMap<>(references));
        this.retryAfter = retryAfter;
    }

    public static Failure of(Kind kind, String code, String description) {
        return new Failure(kind, code, description, Map.of(), null);
    }

    public static Failure request(String code, String description) {
        return of(Kind.REQUEST, code, description);
    }

    public static Failure notFound(String code, String description) {
        return of(Kind.NOT_FOUND, code, description);
    }

    public static Failure conflict(String code, String description) {
        return of(Kind.CONFLICT, code, description);
    }

    public static Failure upstream(String code, String description) {
        return of(Kind.UPSTREAM, code, description);
    }

    public static Failure rejected(String code, String description) {
        return of(Kind.REJECTED, code, description);
    }

    public static Failure unavailable(String code, String description) {
        return of(Kind.UNAVAILABLE, code, description);
    }

    public static Failure invalidResponse(String code, String description) {
        return of(Kind.INVALID_RESPONSE, code, description);
    }

    /** The same failure, naming the flow it ended (recorded as failed) so the caller can look it up. */
    public Failure endingFlow(String id) {
        return referring(FLOW_ID, id);
    }

    /** The same failure, naming the connection it concerns. */
    public Failure concerningConnection(String id) {
        return referring(CONNECTION_ID, id);
    }

    /** The same failure, naming the registered upstream server it concerns. */
    public Failure concerningServer(String id) {
        return referring(SERVER_ID, id);
    }

    /** The same failure, telling the caller when asking again may succeed. */
    public Failure retryAfter(Duration wait) {
        return new Failure(kind, code, description, references, Objects.requireNonNull(wait, "wait"));
    }

    private Failure referring(String name, String id) {
        Map<String, String> more = new LinkedHashMap<>(references);
        more.put(name, Objects.requireNonNull(id, name));
        return new Failure(kind, code, description, more, retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The flow this failure ended, when it ended one before it reached the caller. */
    public Optional<String> flowId() {
        return Optional.ofNullable(references.get(FLOW_ID));
    }

    /** The ids the caller needs to follow up ({@code flowId}, {@code connectionId}, {@code serverId}), by name, in order. */
    public Map<String, String> references() {
        return references;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** {@code code: description}, as timelines and connection records keep it. */
    public String summary() {
        return code + ": " + description;
    }
}
