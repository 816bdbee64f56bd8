package dev.latchkey.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event about to be written with the state change that caused it. {@code fields} are the
 * type-specific notice fields in notice order (e.g. AuthURL, or Status/Error/ErrorDescription);
 * the writer adds EventID, EventType, MCPServerID and MCPSlug around them.
 */
public record EventDraft(String type, String tenant, String subject, String serverId, String serverSlug,
                         Optional<String> flowId, Optional<String> connectionId, Optional<String> contextJson,
                         Map<String, String> fields) {

    public EventDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverSlug, "serverSlug");
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(contextJson, "contextJson");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
