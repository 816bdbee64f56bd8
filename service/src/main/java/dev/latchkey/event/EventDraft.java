package dev.latchkey.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event about to be written with the state change that caused it. {@code fields} are the
 * type-specific notice fields in notice order (e.g. AuthURL, or Status/Error/ErrorDescription);
 * the writer adds EventID, EventType, MCPServerID and MCPSlug around them. Made with
 * {@link #aboutFlow} or {@link #aboutConnection}, so a flow id and a connection id cannot trade places.
 */
public record EventDraft(String type, EventSubject about, Optional<String> flowId, Optional<String> connectionId,
                         Optional<String> contextJson, Map<String, String> fields) {

    public EventDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(about, "about");
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(contextJson, "contextJson");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An event of a flow, with the caller's context from the flow start. */
    public static EventDraft aboutFlow(String type, EventSubject about, String flowId, Optional<String> contextJson,
                                       Map<String, String> fields) {
        return new EventDraft(type, about, Optional.of(flowId), Optional.empty(), contextJson, fields);
    }

    /** An event of a connection, outside any flow. */
    public static EventDraft aboutConnection(String type, EventSubject about, String connectionId,
                                             Map<String, String> fields) {
        return new EventDraft(type, about, Optional.empty(), Optional.of(connectionId), Optional.empty(), fields);
    }

    /** The same event, naming the connection the flow made (if it made one). */
    public EventDraft withConnection(Optional<String> connection) {
        return new EventDraft(type, about, flowId, connection, contextJson, fields);
    }

    public String tenant() {
        return about.tenant();
    }

    public String subject() {
        return about.subject();
    }

    public String serverId() {
        return about.serverId();
    }

    public String serverSlug() {
        return about.serverSlug();
    }
}
