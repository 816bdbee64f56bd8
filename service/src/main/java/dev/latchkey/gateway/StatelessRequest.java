package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A POST of MCP's second protocol generation (2026-07-28 and later: stateless, every request carrying
 * its protocol version and the client's capabilities in {@code _meta}), read and checked before anything
 * goes upstream: the body is one JSON-RPC request or notification; on a request the
 * {@code MCP-Protocol-Version} header equals {@code _meta}'s version, {@code Mcp-Method} equals the
 * method and, for {@code tools/call}, {@code prompts/get} and {@code resources/read}, {@code Mcp-Name}
 * equals the name (or uri) it mirrors. A mismatch is an HTTP 400 with -32020, as the transport requires
 * of intermediaries. {@code Mcp-Param-*} headers are not checked here: the gateway does not know the
 * tools' declarations; they go upstream as they are and the upstream checks them.
 *
 * <p>Which generation a POST is: generation 2 when the body's {@code _meta} version or the
 * {@code MCP-Protocol-Version} header names 2026-07-28 or later ({@link #isGeneration2}). The body
 * decides, the header cross-checks: a client of either generation that disagrees with itself is refused.
 */
record StatelessRequest(JsonNode id, String method, Optional<String> name, String protocolVersion,
                        ObjectNode capabilities, ObjectNode message) {

    /** The first revision of the second generation; protocol versions are dates, so they compare as text. */
    static final String FIRST_VERSION = "2026-07-28";
    static final String VERSION_META = "io.modelcontextprotocol/protocolVersion";
    static final String CAPABILITIES_META = "io.modelcontextprotocol/clientCapabilities";
    /** JSON-RPC error of a header that disagrees with the body (HTTP 400). */
    static final int HEADER_MISMATCH = -32020;
    static final int INVALID_PARAMS = -32602;

    /** The methods whose {@code Mcp-Name} header mirrors a body field, and which field. */
    static final Map<String, String> NAMED = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri");

    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String BASE64_OPEN = "=?base64?";
    private static final String BASE64_CLOSE = "?=";

    StatelessRequest {
        name = name == null ? Optional.empty() : name;
    }

    /** What reading a POST gave. */
    sealed interface Outcome permits Valid, Notification, Refused {
    }

    /** A request the gateway may answer or pass on. */
    record Valid(StatelessRequest request) implements Outcome {
    }

    /** A notification: nothing to check but the body's shape; passed on (or accepted with 202). */
    record Notification(String method) implements Outcome {
    }

    /** Refused before anything goes upstream: the HTTP status and the JSON-RPC error to answer with. */
    record Refused(int status, JsonNode id, int code, String message) implements Outcome {
    }

    /** Whether the client's capabilities declare URL-mode elicitation ({@code elicitation: {url: {}}}). */
    boolean acceptsUrlElicitation() {
        return capabilities.path("elicitation").path("url").isObject();
    }

    ObjectNode params() {
        JsonNode params = message.get("params");
        return params instanceof ObjectNode object ? object : message.putObject("params");
    }

    /** Whether a version names the second generation or later. */
    static boolean isModern(String version) {
        return version != null && VERSION.matcher(version).matches() && version.compareTo(FIRST_VERSION) >= 0;
    }

    /**
     * Whether a POST belongs to the second generation: its {@code MCP-Protocol-Version} header or its
     * body's {@code _meta} version is 2026-07-28 or later. {@code body} may be anything.
     */
    static boolean isGeneration2(String versionHeader, byte[] body, ObjectMapper json) {
        return isModern(strip(versionHeader)) || isModern(metaVersion(parse(body, json)).orElse(null));
    }

    /** Reads and checks a generation-2 POST; {@code headers} gives a header's value by name (null: absent). */
    static Outcome read(Function<String, String> headers, byte[] body, ObjectMapper json) {
        JsonNode root = parse(body, json);
        if (root == null) {
            return new Refused(400, NullNode.getInstance(), JsonRpcAnswers.PARSE_ERROR, "The body is not JSON.");
        }
        if (root.isArray()) {
            return new Refused(400, NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "Protocol " + FIRST_VERSION + " has no batches: send one message per POST.");
        }
        JsonNode method = root.path("method");
        JsonNode id = root.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        if (!root.isObject() || !"2.0".equals(root.path("jsonrpc").asText(null)) || !method.isTextual()
                || (id != null && !validId)) {
            return new Refused(400, validId ? id : NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "Send one JSON-RPC request or notification.");
        }
        return id == null ? new Notification(method.asText())
                : request(headers, (ObjectNode) root, id, method.asText());
    }

    private static Outcome request(Function<String, String> headers, ObjectNode root, JsonNode id, String method) {
        JsonNode params = root.path("params");
        JsonNode meta = params.path("_meta");
        JsonNode version = meta.path(VERSION_META);
        JsonNode capabilities = meta.path(CAPABILITIES_META);
        if (!version.isTextual() || !capabilities.isObject()) {
            return new Refused(400, id, INVALID_PARAMS, "A " + FIRST_VERSION + " request carries _meta with "
                    + VERSION_META + " and " + CAPABILITIES_META + ".");
        }
        String headerVersion = strip(headers.apply("MCP-Protocol-Version"));
        if (!version.asText().equals(headerVersion)) {
            return mismatch(id, "The MCP-Protocol-Version header must equal _meta's protocol version.");
        }
        if (!method.equals(strip(headers.apply("Mcp-Method")))) {
            return mismatch(id, "The Mcp-Method header must equal the request's method.");
        }
        Optional<String> name = Optional.empty();
        String field = NAMED.get(method);
        if (field != null && params.path(field).isTextual()) {
            name = Optional.of(params.path(field).asText());
            Optional<String> header = decoded(headers.apply("Mcp-Name"));
            if (!name.equals(header)) {
                return mismatch(id, "The Mcp-Name header must equal the request's params." + field + ".");
            }
        }
        return new Valid(new StatelessRequest(id, method, name, version.asText(), (ObjectNode) capabilities, root));
    }

    private static Refused mismatch(JsonNode id, String message) {
        return new Refused(400, id, HEADER_MISMATCH, message);
    }

    /** A header value, its {@code =?base64?…?=} form (non-ASCII values) decoded; empty when absent or broken. */
    static Optional<String> decoded(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.startsWith(BASE64_OPEN) && value.endsWith(BASE64_CLOSE)
                && value.length() >= BASE64_OPEN.length() + BASE64_CLOSE.length()) {
            try {
                return Optional.of(new String(Base64.getDecoder().decode(
                        value.substring(BASE64_OPEN.length(), value.length() - BASE64_CLOSE.length())),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }

    private static Optional<String> metaVersion(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode version = root.path("params").path("_meta").path(VERSION_META);
        return version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
    }

    private static JsonNode parse(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
