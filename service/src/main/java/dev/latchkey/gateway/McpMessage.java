package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.Optional;

/**
 * What a POSTed MCP message is, as far as the gateway needs to know to answer it itself: a request
 * (with its id, to echo, and its params), a notification or a response (nothing to answer but 202), a
 * batch, or not JSON-RPC at all. Messages the gateway passes upstream are never rewritten.
 */
record McpMessage(Kind kind, JsonNode id, Optional<String> method, JsonNode params) {

    enum Kind { REQUEST, NOTIFICATION, RESPONSE, BATCH, NOT_JSON, INVALID }

    static McpMessage of(byte[] body, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return bare(Kind.NOT_JSON);
        }
        if (root == null) {
            return bare(Kind.NOT_JSON);
        }
        if (root.isArray()) {
            return bare(Kind.BATCH);
        }
        if (!root.isObject() || !"2.0".equals(root.path("jsonrpc").asText(null))) {
            return bare(Kind.INVALID);
        }
        JsonNode id = root.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        JsonNode method = root.get("method");
        JsonNode params = root.path("params");
        if (method != null && method.isTextual()) {
            if (id == null) {
                return new McpMessage(Kind.NOTIFICATION, NullNode.getInstance(), Optional.of(method.asText()), params);
            }
            return validId ? new McpMessage(Kind.REQUEST, id, Optional.of(method.asText()), params)
                    : bare(Kind.INVALID);
        }
        if (root.has("result") || root.has("error")) {
            return new McpMessage(Kind.RESPONSE, validId ? id : NullNode.getInstance(), Optional.empty(),
                    MissingNode.getInstance());
        }
        return new McpMessage(Kind.INVALID, validId ? id : NullNode.getInstance(), Optional.empty(),
                MissingNode.getInstance());
    }

    boolean isRequest(String name) {
        return kind == Kind.REQUEST && method.filter(name::equals).isPresent();
    }

    /** The tool a {@code tools/call} names ({@code params.name}), empty for anything else. */
    Optional<String> toolName() {
        JsonNode name = params.path("name");
        return isRequest("tools/call") && name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
    }

    private static McpMessage bare(Kind kind) {
        return new McpMessage(kind, NullNode.getInstance(), Optional.empty(), MissingNode.getInstance());
    }
}
