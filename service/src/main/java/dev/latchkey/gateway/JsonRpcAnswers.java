package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/** The gateway's own answers, as JSON-RPC error responses (MCP clients read those, not problem documents). */
final class JsonRpcAnswers {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
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
