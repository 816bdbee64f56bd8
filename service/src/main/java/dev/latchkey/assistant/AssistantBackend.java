package dev.latchkey.assistant;

import dev.latchkey.connection.Connection;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.flow.FlowView;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import java.util.List;
import java.util.Optional;

/**
 * What the assistant's tools read and change, for one gateway caller. {@link LatchkeyBackend} is the
 * real one over Latchkey's services (which scope every read by tenant, and connections by subject);
 * {@link AssistantActions} checks tenant, subject and the token's server allowlist again on every
 * answer, so a looser implementation cannot widen a caller's view.
 */
interface AssistantBackend {

    /** The caller's tenant's registered upstream servers. */
    List<UpstreamServer> servers(GatewayCaller caller);

    /** Where MCP clients reach the server through the gateway. */
    String gatewayUrl(UpstreamServer server);

    /** The caller's subject's connections in its tenant. */
    List<Connection> connections(GatewayCaller caller);

    /** Whether the caller's subject has a connection to the server the gateway would use now. */
    boolean connected(GatewayCaller caller, UpstreamServer server);

    /** The subject's pending flow for the server while nobody opened its link, else a new one. */
    FlowStarter.Started authorize(GatewayCaller caller, UpstreamServer server);

    /** Disconnects one of the subject's connections (revoked upstream where possible), audited as the token. */
    void disconnect(GatewayCaller caller, Connection connection);

    /** A flow of the caller's tenant, if there is one with that id. */
    Optional<FlowView> flow(GatewayCaller caller, String flowId);
}
