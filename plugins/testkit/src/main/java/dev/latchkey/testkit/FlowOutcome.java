package dev.latchkey.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a flow ended, as {@code GET /v1/flows/{id}} reports it: status, error, connection, and the
 * timeline with the plugins that acted on each step.
 */
public record FlowOutcome(String id, String status, Optional<String> errorCode, Optional<String> errorDescription,
                          Optional<String> connectionId, List<Step> timeline, JsonNode json) {

    /** One timeline step; {@code plugins} names the plugins and profiles that acted on it. */
    public record Step(String step, String outcome, Optional<String> detail, List<String> plugins) {
    }

    static FlowOutcome of(JsonNode flow) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : flow.path("timeline")) {
            List<String> plugins = s.hasNonNull("plugin") ? List.of(s.get("plugin").asText().split(", ")) : List.of();
            steps.add(new Step(s.path("step").asText(), s.path("outcome").asText(),
                    Optional.ofNullable(s.get("detail")).map(JsonNode::asText), plugins));
        }
        return new FlowOutcome(flow.path("id").asText(), flow.path("status").asText(), text(flow.at("/error/code")),
                text(flow.at("/error/description")), text(flow.get("connectionId")), steps, flow);
    }

    public boolean authorized() {
        return status.equals("authorized");
    }

    /** The plugins named on every step called {@code step}. */
    public List<String> pluginsOn(String step) {
        return timeline.stream().filter(s -> s.step().equals(step)).flatMap(s -> s.plugins().stream()).distinct().toList();
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    @Override
    public String toString() {
        return "FlowOutcome[" + id + " " + status + errorCode.map(c -> " " + c).orElse("")
                + errorDescription.map(d -> " (" + d + ")").orElse("") + ", timeline " + timeline + "]";
    }
}
