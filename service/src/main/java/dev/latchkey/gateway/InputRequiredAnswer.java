package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway's own results to a generation-2 (2026-07-28) client, as JSON-RPC responses: the
 * {@code input_required} result that asks the client to send the user to Latchkey's landing link (a
 * URL-mode elicitation) and to retry with the {@code requestState}; the same notice as a failed tool
 * result for a client that cannot open links; and the discovery answer given before the user has
 * authorized. Every result says its {@code resultType}.
 */
final class InputRequiredAnswer {

    /** The key of the gateway's one input request; the client answers under the same key. */
    static final String INPUT_KEY = "latchkey_authorization";

    private final ObjectMapper json;

    InputRequiredAnswer(ObjectMapper json) {
        this.json = json;
    }

    /** {@code input_required}: open {@code url} (the landing link), then retry with {@code requestState}. */
    ObjectNode inputRequired(JsonNode id, String message, String url, String requestState) {
        ObjectNode response = response(id);
        ObjectNode result = response.putObject("result").put("resultType", "input_required");
        result.putObject("inputRequests").putObject(INPUT_KEY).put("method", "elicitation/create")
                .putObject("params").put("mode", "url").put("message", message).put("url", url);
        result.put("requestState", requestState);
        return response;
    }

    /** A complete {@code tools/call} result with {@code isError}: the notice, for the model to relay. */
    ObjectNode toolError(JsonNode id, String notice) {
        ObjectNode response = response(id);
        ObjectNode result = response.putObject("result").put("resultType", "complete");
        result.putArray("content").addObject().put("type", "text").put("text", notice);
        result.put("isError", true);
        return response;
    }

    /**
     * {@code server/discover} before the user has authorized: the upstream server cannot be asked yet,
     * so the gateway answers for it — the protocol version it relays, the one capability every request
     * it can already answer needs ({@code tools}), and instructions saying why. Private and not cached:
     * it changes once the user has authorized.
     */
    ObjectNode discovery(JsonNode id, String protocolVersion, String serverName, String instructions) {
        ObjectNode response = response(id);
        ObjectNode result = response.putObject("result").put("resultType", "complete");
        result.putArray("supportedVersions").add(protocolVersion);
        result.putObject("capabilities").putObject("tools");
        result.put("instructions", instructions);
        result.put("ttlMs", 0).put("cacheScope", "private");
        result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo")
                .put("name", serverName).put("version", "latchkey-gateway");
        return response;
    }

    private ObjectNode response(JsonNode id) {
        ObjectNode response = json.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        return response;
    }
}
