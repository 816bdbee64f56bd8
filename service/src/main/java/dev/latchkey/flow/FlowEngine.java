package dev.latchkey.flow;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.connection.ConnectionStore;
import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.discovery.DiscoveryFactory;
import dev.latchkey.discovery.HttpServerDiscovery;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.event.EventWriter;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.registration.ClientMetadataDocument;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.registration.RegistrationFactory;
import dev.latchkey.registration.StoredClientRegistry;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Dialect;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The parts that take an MCP server's challenge to an authorization URL — discovery, the client
 * registry, the flow store and the starter — wired in one place: the server builds them once on its
 * database and its guarded client, and the start-up rehearsal builds a second set on a database and
 * a client of its own ({@code rehearsal.StartupRehearsal}).
 */
public record FlowEngine(ServerDiscovery discovery, ClientRegistry clients, FlowStore store, FlowStarter starter) {

    /** What the engine runs on. */
    public record Needs(Jdbi jdbi, Dialect dialect, OutboundHttp http, boolean developmentMode, Sealer sealer,
                        AuditLog audit, EventWriter events, ProviderHooks hooks, Clock clock, DomainMetrics metrics) {
    }

    /** How it is configured: the server's settings, the same for both sets. */
    public record Settings(DiscoveryFactory discovery, RegistrationFactory registration,
                           ClientMetadataDocument clientMetadata, FlowsFactory flows, FlowLinks links,
                           FlowStartCommit startCommit) {
    }

    public static FlowEngine wire(Needs needs, Settings settings) {
        Jdbi jdbi = needs.jdbi();
        Clock clock = needs.clock();
        ServerDiscovery discovery = new HttpServerDiscovery(needs.http(), settings.discovery(), needs.developmentMode(),
                needs.hooks());
        ClientRegistry clients = new StoredClientRegistry(jdbi, needs.sealer(), needs.audit(), clock,
                new NimbusHttp(needs.http()), settings.registration(), settings.clientMetadata(),
                needs.developmentMode(), needs.hooks());
        FlowStore store = new FlowStore(jdbi, needs.events(), new ConnectionWriter(new TokenVault(needs.sealer()), clock),
                clock, needs.dialect(), settings.startCommit(), needs.metrics());
        FlowsFactory flows = settings.flows();
        FlowStarter starter = new FlowStarter(discovery, clients, store,
                new StepUpPolicy(store, flows.getStepUpLimit(), flows.getStepUpWindow().toJavaDuration(), clock),
                new ConnectionStore(jdbi), settings.links(), flows.getStateTtl().toJavaDuration(), clock, needs.hooks(),
                needs.metrics());
        return new FlowEngine(discovery, clients, store, starter);
    }
}
