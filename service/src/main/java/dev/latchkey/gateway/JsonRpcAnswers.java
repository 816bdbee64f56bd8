package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** The gateway's own answers, as JSON-RPC error responses (MCP clients read those, not problem documents). */
final class JsonRpcAnswers {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** A server error of the gateway's own: the upstream server could not be reached or answered badly. */
    static final int GATEWAY_ERROR = -32000;

    private final ObjectMapper json;

    JsonRpcAnswers(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode body = json.createObjectNode().put("jsonrpc", "2.0");
        body.set("id", id);
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode body = json.createObjectNode().put("jsonrpc", "2.0");
        body.set("id", id);
        body.set("result", result);
        return body;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** A JSON-RPC error of the gateway's own with an HTTP status, unless the answer has begun already. */
    void gatewayError(HttpServletResponse response, int status, Optional<Long> retryAfter, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        retryAfter.ifPresent(seconds -> response.setHeader("Retry-After", String.valueOf(Math.max(1, seconds))));
        write(response, status, error(NullNode.getInstance(), GATEWAY_ERROR, message));
    }

    /** A JSON-RPC error without an id ({@code null}): the request could not be read or was refused outright. */
    void refuse(HttpServletResponse response, int status, int code, String message) throws IOException {
        write(response, status, error(NullNode.getInstance(), code, message));
    }

    void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}
