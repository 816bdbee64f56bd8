package dev.latchkey.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The wire form of an event, the same in the pull API and in a webhook body. {@code context} is the
 * caller's own JSON, given back as it was sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "tenant", "subject", "server", "flowId", "connectionId", "context", "fields",
        "notice", "createdAt"})
public record EventView(String id, String type, String tenant, String subject, Server server, String flowId,
                        String connectionId, JsonNode context, Map<String, String> fields, String notice,
                        String createdAt) {

    /** The MCP server an event is about. */
    public record Server(String id, String slug) {
    }

    public static EventView of(StoredEvent event, ObjectMapper json) {
        return new EventView(event.id(), event.type(), event.tenant(), event.subject(),
                new Server(event.serverId(), event.serverSlug()), event.flowId().orElse(null),
                event.connectionId().orElse(null), event.contextJson().map(c -> parse(c, json)).orElse(null),
                event.fields(), event.notice(), event.createdAt().toString());
    }

    private static JsonNode parse(String context, ObjectMapper json) {
        try {
            return json.readTree(context);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(context);
        }
    }
}
