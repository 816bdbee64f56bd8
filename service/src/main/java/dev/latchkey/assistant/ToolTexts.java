package dev.latchkey.assistant;

import dev.latchkey.assistant.AssistantViews.ConnectionEntry;
import dev.latchkey.assistant.AssistantViews.Disconnected;
import dev.latchkey.assistant.AssistantViews.FlowEntry;
import dev.latchkey.assistant.AssistantViews.ServerEntry;
import java.util.List;
import java.util.StringJoiner;

/** The tools' answers as plain text the model can relay: one line per item, ids as they are. */
final class ToolTexts {

    private ToolTexts() {
    }

    static String servers(List<ServerEntry> servers) {
        if (servers.isEmpty()) {
            return "No MCP server is registered for you yet.";
        }
        StringJoiner text = new StringJoiner("\n", "MCP servers you can use through Latchkey:\n", "");
        servers.forEach(s -> text.add("- " + s.name() + " (slug " + s.slug() + ", id " + s.id() + "): "
                + s.gatewayUrl()));
        return text.toString();
    }

    static String connections(List<ConnectionEntry> connections) {
        if (connections.isEmpty()) {
            return "You have no connections yet: connect_server starts one.";
        }
        StringJoiner text = new StringJoiner("\n", "Your connections:\n", "");
        connections.forEach(c -> text.add("- " + server(c) + ": " + c.status()
                + (c.scopes().isEmpty() ? "" : ", scopes " + String.join(" ", c.scopes()))
                + (c.accessTokenExpiresAt() == null ? "" : ", access expires " + c.accessTokenExpiresAt()
                        + (c.refreshable() ? " (renewed automatically)" : ""))
                + " [" + c.id() + "]"));
        return text.toString();
    }

    static String connected(ServerEntry server) {
        return "You are already connected to " + server.name() + "; use it at " + server.gatewayUrl() + ".";
    }

    /** The elicitation's message: shown to the user by an elicitation-capable client beside the link. */
    static String elicitation(ServerEntry server) {
        return "Open this Latchkey link to let your assistant use " + server.name() + " for you.";
    }

    static String disconnected(Disconnected done) {
        if (done.connections() == 0) {
            return "You had no connection to " + done.server().name() + "; nothing was changed.";
        }
        return "Disconnected from " + done.server().name() + ": its tokens were revoked where the provider allows"
                + " it and deleted from Latchkey.";
    }

    static String flow(FlowEntry flow) {
        StringJoiner text = new StringJoiner("\n");
        text.add("Flow " + flow.id() + " for " + (flow.serverSlug() != null ? flow.serverSlug() : flow.serverUrl())
                + ": " + flow.status() + ".");
        switch (flow.status()) {
            case "pending" -> text.add("Waiting for the user to open " + flow.authorizationUrl() + " (until "
                    + flow.expiresAt() + ").");
            case "authorized" -> text.add("Connected"
                    + (flow.connectionId() == null ? "." : " (connection " + flow.connectionId() + ")."));
            case "failed" -> text.add("It failed: " + (flow.errorDescription() != null ? flow.errorDescription()
                    : flow.errorCode()));
            default -> text.add("It ended without a connection; connect_server starts a new one.");
        }
        return text.toString();
    }

    private static String server(ConnectionEntry c) {
        return c.serverSlug() != null ? c.serverSlug() : c.serverUrl();
    }
}
