package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.Optional;

/**
 * What a POSTed MCP message is, as far as the gateway needs to know to answer it itself: a request
 * (with its id, to echo), a notification or a response (nothing to answer but 202), a batch, or not
 * JSON-RPC at all. Messages the gateway passes upstream are never rewritten.
 */
record McpMessage(Kind kind, JsonNode id, Optional<String> method) {

    enum Kind { REQUEST, NOTIFICATION, RESPONSE, BATCH, NOT_JSON, INVALID }

    static McpMessage of(byte[] body, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return new McpMessage(Kind.NOT_JSON, NullNode.getInstance(), Optional.empty());
        }
        if (root == null) {
            return new McpMessage(Kind.NOT_JSON, NullNode.getInstance(), Optional.empty());
        }
        if (root.isArray()) {
            return new McpMessage(Kind.BATCH, NullNode.getInstance(), Optional.empty());
        }
        if (!root.isObject() || !"2.0".equals(root.path("jsonrpc").asText(null))) {
            return new McpMessage(Kind.INVALID, NullNode.getInstance(), Optional.empty());
        }
        JsonNode id = root.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        JsonNode method = root.get("method");
        if (method != null && method.isTextual()) {
            if (id == null) {
                return new McpMessage(Kind.NOTIFICATION, NullNode.getInstance(), Optional.of(method.asText()));
            }
            return validId ? new McpMessage(Kind.REQUEST, id, Optional.of(method.asText()))
                    : new McpMessage(Kind.INVALID, NullNode.getInstance(), Optional.empty());
        }
        if (root.has("result") || root.has("error")) {
            return new McpMessage(Kind.RESPONSE, validId ? id : NullNode.getInstance(), Optional.empty());
        }
        return new McpMessage(Kind.INVALID, validId ? id : NullNode.getInstance(), Optional.empty());
    }
}
