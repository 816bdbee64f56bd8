package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The official TypeScript SDK client as {@code src/peers/gateway-user.mjs} runs it, seen from a test: its
 * harness state ({@code GET /__state}) awaited until a condition holds, and, with {@code --driven}, its
 * tool calls made on request ({@code POST /__call}).
 */
public final class DrivenClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DrivenClient() {
    }

    /** The client's state once {@code condition} holds (at most a minute). */
    public static JsonNode await(NodePeer client, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        Await.until(Duration.ofSeconds(60), () -> {
            last[0] = read(client.get("/__state"));
            return condition.test(last[0]);
        }, () -> last[0] + "\n" + client.output());
        return last[0];
    }

    /** {@code tools/call} in the client's session: {@code {ok, result}} or {@code {ok: false, error}}. */
    public static JsonNode call(NodePeer client, String tool, String argumentsJson) {
        return read(client.post("/__call", "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}"));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
