package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Node Standard Webhooks receiver ({@code src/peers/webhook-receiver.mjs}), which verifies every
 * delivery with the reference {@code standardwebhooks} library. Without Node or its modules the test
 * fails loudly when {@code CI} is set, and is skipped loudly otherwise.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final NodePeer peer;

    private WebhookReceiver(NodePeer peer) {
        this.peer = peer;
    }

    /** Starts on a given port (so a webhook can be created, and its secret known, before the receiver runs). */
    public static WebhookReceiver start(int port, String secret, String... options) {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--secret", secret));
        args.addAll(List.of(options));
        try {
            return new WebhookReceiver(NodePeer.start("webhook-receiver.mjs", args.toArray(String[]::new)));
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("unavailable")) {
                throw e;
            }
            String why = "The Standard Webhooks receiver cannot run: " + e.getMessage();
            System.err.println("*** " + why);
            if (System.getenv("CI") != null) {
                Assertions.fail(why + " (CI is set, so this is a failure)");
            }
            Assumptions.abort(why);
            throw e;
        }
    }

    public static int freePort() {
        return TestApp.freePort();
    }

    public String url() {
        return peer.field("url");
    }

    /**
     * Every delivery received so far. The body of each verified one must be an event as the OpenAPI
     * document describes it (its {@code webhooks} section), or this fails the test.
     */
    public List<JsonNode> deliveries() {
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(peer.get("/__deliveries")).forEach(out::add);
            for (JsonNode delivery : out) {
                if (delivery.path("verified").asBoolean() && delivery.path("payload").isObject()) {
                    OpenApiContract.instance().checkSchema("Event", delivery.get("payload"),
                            "The webhook body of " + delivery.path("webhookId").asText());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void configure(String json) {
        peer.post("/__config", json);
    }

    public String output() {
        return peer.output();
    }

    @Override
    public void close() {
        peer.close();
    }
}
