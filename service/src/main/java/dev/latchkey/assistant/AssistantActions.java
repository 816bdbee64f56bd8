package dev.latchkey.assistant;

import dev.latchkey.assistant.AssistantViews.AuthorizationRequired;
import dev.latchkey.assistant.AssistantViews.ConnectOutcome;
import dev.latchkey.assistant.AssistantViews.Connected;
import dev.latchkey.assistant.AssistantViews.ConnectionEntry;
import dev.latchkey.assistant.AssistantViews.Disconnected;
import dev.latchkey.assistant.AssistantViews.FlowEntry;
import dev.latchkey.assistant.AssistantViews.ServerEntry;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionStatus;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.flow.FlowView;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.protocol.ResourceUris;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the assistant's tools do, for one gateway caller: every answer is limited to the caller's
 * tenant, its subject, and the servers its token may reach (a server is reachable by its registry
 * slug or id; a connection or flow by its own server id or slug, or by being for the URL of a
 * reachable registered server). Whatever is out of reach reads as "not found".
 */
final class AssistantActions {

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final AssistantBackend backend;

    AssistantActions(AssistantBackend backend) {
        this.backend = backend;
    }

    /** The tenant's registered servers this caller's token may reach. */
    List<ServerEntry> servers(GatewayCaller caller) {
        return reachable(caller).stream().map(this::entry).toList();
    }

    /** The subject's live (not revoked) connections to servers the token may reach. */
    List<ConnectionEntry> connections(GatewayCaller caller) {
        List<UpstreamServer> reachable = reachable(caller);
        return backend.connections(caller).stream()
                .filter(c -> owned(caller, c) && c.status() != ConnectionStatus.REVOKED
                        && visible(caller, reachable, c.serverId(), c.serverSlug(), c.resource()))
                .map(ConnectionEntry::of).toList();
    }

    /**
     * "Connected" when the subject has a connection the gateway would use now; otherwise the
     * subject's flow for the server (the pending one nobody opened yet, else a new one).
     */
    ConnectOutcome connect(GatewayCaller caller, String server) {
        UpstreamServer found = server(caller, server);
        if (backend.connected(caller, found)) {
            return new Connected(entry(found));
        }
        FlowStarter.Started started = backend.authorize(caller, found);
        return new AuthorizationRequired(entry(found), started.flow().id(), started.authorizationUrl(),
                started.event().notice());
    }

    /** Revokes the subject's live connections to the server (its id or URL); zero when there were none. */
    Disconnected disconnect(GatewayCaller caller, String server) {
        UpstreamServer found = server(caller, server);
        String resource = resourceOf(found);
        List<Connection> live = backend.connections(caller).stream()
                .filter(c -> owned(caller, c) && c.status() != ConnectionStatus.REVOKED
                        && (found.id().equals(c.serverId()) || resource.equals(c.resource())))
                .toList();
        live.forEach(c -> backend.disconnect(caller, c));
        return new Disconnected(entry(found), live.size());
    }

    /** A flow of this tenant and subject, for a server the token may reach. */
    FlowEntry flowStatus(GatewayCaller caller, String flowId) {
        String id = reference(flowId, "flow id");
        Optional<FlowView> flow = backend.flow(caller, id)
                .filter(f -> caller.subject().equals(f.subject()) && f.server() != null
                        && visible(caller, reachable(caller), f.server().id(), f.server().slug(),
                                f.server().resource()));
        return flow.map(FlowEntry::of).orElseThrow(() -> AssistantException.notFound(
                "No flow " + id + " of yours was found."));
    }

    /**
     * The tenant's server named by its slug, its id or its gateway URL; one the token may not reach
     * is refused (the gateway refuses it alike).
     */
    private UpstreamServer server(GatewayCaller caller, String reference) {
        String wanted = reference(slugOf(reference), "server");
        UpstreamServer found = backend.servers(caller).stream()
                .filter(s -> caller.tenant().equals(s.tenant()))
                .filter(s -> s.slug().equals(wanted) || s.id().equals(wanted))
                .findFirst()
                .orElseThrow(() -> AssistantException.notFound("No server " + wanted + " is registered; list_servers"
                        + " shows the servers you can use."));
        if (!mayReach(caller, found)) {
            throw AssistantException.notAllowed("This gateway token may not reach server " + wanted + ".");
        }
        return found;
    }

    private List<UpstreamServer> reachable(GatewayCaller caller) {
        return backend.servers(caller).stream()
                .filter(s -> caller.tenant().equals(s.tenant()) && mayReach(caller, s)).toList();
    }

    private ServerEntry entry(UpstreamServer server) {
        return ServerEntry.of(server, backend.gatewayUrl(server));
    }

    private static boolean mayReach(GatewayCaller caller, UpstreamServer server) {
        return caller.mayReach(server.slug()) || caller.mayReach(server.id());
    }

    private static boolean owned(GatewayCaller caller, Connection connection) {
        return caller.tenant().equals(connection.tenant()) && caller.subject().equals(connection.subject());
    }

    /** Whether a connection's or flow's server is one the token may reach. */
    private static boolean visible(GatewayCaller caller, List<UpstreamServer> reachable, String serverId,
                                   String serverSlug, String resource) {
        if (caller.servers().isEmpty()) {
            return true;
        }
        return (serverId != null && caller.mayReach(serverId)) || (serverSlug != null && caller.mayReach(serverSlug))
                || reachable.stream().anyMatch(s -> resourceOf(s).equals(resource));
    }

    private static String resourceOf(UpstreamServer server) {
        return ResourceUris.canonical(URI.create(server.url()));
    }

    /** A gateway URL ({@code …/mcp/{slug}}) stands for its slug. */
    private static String slugOf(String reference) {
        if (reference == null) {
            return null;
        }
        String value = reference.strip();
        int at = value.lastIndexOf("/mcp/");
        if (at >= 0 && value.contains("://")) {
            value = value.substring(at + "/mcp/".length());
            return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        }
        return value;
    }

    private static String reference(String value, String what) {
        if (value == null || value.isBlank()) {
            throw AssistantException.invalid("Name the " + what + ".");
        }
        String stripped = value.strip();
        if (!REFERENCE.matcher(stripped).matches()) {
            throw AssistantException.invalid("That is not a " + what + ": use letters, digits, '.', '_' or '-'.");
        }
        return stripped;
    }
}
