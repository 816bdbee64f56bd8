package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.flow.ConnectionOrFlow;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.gateway.servers.UpstreamServers;
import dev.latchkey.gateway.session.GatewaySessions;
import dev.latchkey.http.StreamingHttp;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.PurgeJob;
import dev.latchkey.token.DPoPProofs;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;

/**
 * The MCP gateway in the application: {@code /mcp/{slug}}, a servlet beside Jersey (answers are streamed,
 * and none of the REST API's filters apply), its sessions and hosted event streams with their jobs, and —
 * when Latchkey is the gateway's authorization server — each route's protected resource metadata.
 */
public final class GatewayFeature {

    /** What the gateway is built from. */
    public record Needs(Jdbi jdbi, Sealer sealer, StreamingHttp http, UpstreamServers servers,
                        ConnectionOrFlow decision, Function<String, Optional<FlowStatus>> flowStatus,
                        DPoPProofs proofs, URI publicBaseUrl, ObjectMapper json, Clock clock) {
    }

    private GatewayFeature() {
    }

    /**
     * @param credentials who a bearer credential stands for at a route
     * @param signInScopes present when Latchkey is the gateway's authorization server: the scopes its
     *                     routes' metadata offers
     */
    public static void install(Environment environment, GatewayFactory config, GatewayCredentials credentials,
                               Optional<List<String>> signInScopes, Needs needs) {
        GatewaySessions sessions = new GatewaySessions(needs.jdbi(), needs.clock(),
                config.getSessionIdleTimeout().toJavaDuration());
        environment.lifecycle().manage(new PurgeJob("idle gateway sessions", sessions::purgeIdle,
                Duration.ofMinutes(10)));
        HostedStreams streams = new HostedStreams(sessions, needs.flowStatus(), needs.json());
        environment.lifecycle().manage(streams);
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle server) {
                streams.endAll();
            }
        });
        Optional<GatewayRoutes> routes = signInScopes.map(scopes -> new GatewayRoutes(needs.publicBaseUrl()));
        routes.ifPresent(published -> environment.jersey().register(new ProtectedResourceMetadataResource(published,
                signInScopes.get())));
        ServletRegistration.Dynamic gateway = environment.servlets().addServlet("mcp-gateway", new McpGatewayServlet(
                credentials, routes, needs.servers(), needs.decision(), needs.http(), config, needs.publicBaseUrl(),
                needs.json(), sessions, streams, new Generation2Exchange.Needs(needs.sealer(), needs.jdbi(),
                        environment.lifecycle().scheduledExecutorService("mcp-gateway-heartbeat").threads(1).build(),
                        needs.clock()), needs.proofs()));
        gateway.addMapping("/mcp/*");
        // The gateway's own event stream waits for the user's authorization without holding a thread.
        gateway.setAsyncSupported(true);
    }
}
