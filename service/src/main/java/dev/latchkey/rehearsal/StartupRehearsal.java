package dev.latchkey.rehearsal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.auth.Caller;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.flow.AuthorizationRedirect;
import dev.latchkey.flow.FlowEngine;
import dev.latchkey.flow.FlowRequests;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.flow.FlowView;
import dev.latchkey.flow.StartFlowRequest;
import dev.latchkey.flow.StateCodec;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Database;
import dev.latchkey.store.Dialect;
import jakarta.servlet.Servlet;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.component.LifeCycle;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rehearses whole flows at start, once the JAX-RS application is up and before the connectors open:
 * a 401 challenge to an authorization URL through the same engine the API uses — discovery, dynamic
 * registration, the flow's writes with its event and notice, the answer's JSON, the lookup by link
 * and the link's sealed state — against a server of its own on 127.0.0.1 ({@link RehearsalPeer}),
 * then the flow's API in process ({@link InProcessApi}). A JVM runs that much code slowly the first
 * time and compiles it only once it has run often; without this the first flows after a start paid
 * for both (docs/benchmarks.md, cold flow). {@code flows.rehearsalRounds} rounds (one by default, at
 * most {@link #BUDGET}): the first loads the flow's code; more let the JIT compile it before the
 * first real flows.
 *
 * <p>Each round writes to the server's database in one transaction that it rolls back, so nothing
 * of it is ever committed or seen by another transaction (an event seq is used up, as by any
 * rolled-back write); after it, the round's key is looked up through a handle of its own, which
 * must not find it. Its engine is its own: its own client — the server's guarded client and its
 * egress rules are not touched — its own discovery cache and registry, an audit log that is never
 * committed or printed. A rehearsal that fails is logged and the start goes on: it is only a head
 * start.
 */
public final class StartupRehearsal implements LifeCycle.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupRehearsal.class);
    private static final Caller CALLER = new Caller("rehearsal", "rehearsal");
    /** A cap on the rounds at start, so that a slow machine does not start much later. */
    static final Duration BUDGET = Duration.ofSeconds(3);

    /** The server's database and settings, and the parts of its request path the rehearsal runs. */
    public record Needs(Jdbi jdbi, Dialect dialect, FlowEngine.Settings settings, EgressFactory egress,
                        FlowRequests requests, StateCodec states, Sealer sealer, ProviderHooks hooks, ApiKeys apiKeys,
                        Servlet api, ObjectMapper json, Clock clock) {
    }

    /** What a rehearsal did: the requests its peer answered and the API calls it made, with their status. */
    public record Rehearsed(List<String> peerRequests, List<String> apiCalls) {
    }

    private final Needs needs;

    public StartupRehearsal(Needs needs) {
        this.needs = needs;
    }

    /** Registered on the application's servlet context, which starts after the JAX-RS application is built. */
    @Override
    public void lifeCycleStarted(LifeCycle event) {
        run();
    }

    /** Rehearses, logging instead of throwing: a failed rehearsal must not stop the start. */
    void run() {
        int rounds = needs.settings().flows().getRehearsalRounds();
        if (rounds == 0) {
            return;
        }
        long started = System.nanoTime();
        try {
            Rehearsed rehearsed = rehearse(rounds);
            LOG.debug("rehearsed in {} ms: {}", Duration.ofNanos(System.nanoTime() - started).toMillis(), rehearsed);
        } catch (Exception e) {
            LOG.warn("could not rehearse a flow at start (the first flow will be slower): {}", e.toString());
        }
    }

    /**
     * The rehearsal, {@code rounds} times over (fewer if they take longer than {@link #BUDGET}):
     * each round one flow, from the challenge to the authorization URL, and its API calls, rolled
     * back; returns what the first round did, throws when any part of a round did not work.
     */
    public Rehearsed rehearse(int rounds) throws Exception {
        GuardedHttpClient http = new GuardedHttpClient(toOwnPeer(needs.egress()), (target, purpose, reason) -> { });
        long deadline = System.nanoTime() + BUDGET.toNanos();
        try (RehearsalPeer peer = RehearsalPeer.start(needs.json())) {
            http.start();
            InProcessApi.prepareConnectorAuthentication();
            Rehearsed first = round(http, peer);
            for (int round = 1; round < rounds && System.nanoTime() < deadline; round++) {
                round(http, peer);
            }
            return first;
        } finally {
            http.stop();
        }
    }

    /** One round, in one transaction that is rolled back; a new engine each time, so nothing is cached. */
    private Rehearsed round(GuardedHttpClient http, RehearsalPeer peer) throws Exception {
        // Everything the engine writes through Jdbi on this thread joins the round's transaction.
        Round round = Database.rolledBack(needs.jdbi(), () -> {
            Flow flow = startFlow(http, peer);
            Optional<String> key = apiIsUp()
                    ? Optional.of(needs.apiKeys().create(CALLER.tenant(), Optional.of("start-up rehearsal")).secret())
                    : Optional.empty();
            List<String> apiCalls = key.isPresent() ? callTheApi(flow, key.get()) : List.of();
            return new Round(new Rehearsed(peer.takeServed(), apiCalls), key);
        });
        round.key().ifPresent(this::afterTheRound);
        return round.rehearsed();
    }

    private record Round(Rehearsed rehearsed, Optional<String> key) {
    }

    /**
     * The round's key looked up again the way a request does, through a handle of its own borrowed
     * from the pool: it must be gone with the rollback.
     */
    private void afterTheRound(String roundKey) {
        if (needs.apiKeys().authenticate(roundKey).isPresent()) {
            throw new IllegalStateException("the rehearsal's key outlived its rolled-back round");
        }
    }

    private Flow startFlow(GuardedHttpClient http, RehearsalPeer peer) throws Exception {
        Jdbi jdbi = needs.jdbi();
        ObjectMapper json = needs.json();
        Clock clock = needs.clock();
        FlowEngine engine = FlowEngine.wire(new FlowEngine.Needs(jdbi, needs.dialect(), http, true, needs.sealer(),
                AuditLog.unlogged(jdbi, clock), new OutboxEventWriter(json, clock), needs.hooks(), clock,
                // A rehearsed flow is no flow of the server's: it counts in no exported metric.
                DomainMetrics.unexported()), needs.settings());
        StartFlowRequest body = json.readValue(json.writeValueAsString(Map.of("serverUrl", peer.mcpUrl(),
                "subject", "rehearsal", "wwwAuthenticate", peer.challenge(), "scopes", List.of("mcp"))),
                StartFlowRequest.class);
        FlowStarter.Started flow = engine.starter().start(CALLER, needs.requests().validate(body));
        json.writeValueAsString(FlowView.of(flow.flow(), flow.authorizationUrl(), flow.event().notice(), null));
        engine.store().findByLink(flow.flow().linkId()).orElseThrow();
        String redirect = new AuthorizationRedirect(needs.states()).urlFor(flow.flow());
        needs.states().open(stateOf(redirect)).orElseThrow();
        return flow.flow();
    }

    private boolean apiIsUp() {
        return needs.api() instanceof ServletContainer container && container.getApplicationHandler() != null;
    }

    /**
     * The flow's API as an assistant uses it, in process: the rehearsal's own key, the flow read
     * back, and a start refused before any outbound request (its body read and validated, a problem
     * answered).
     */
    private List<String> callTheApi(Flow flow, String key) throws Exception {
        InProcessApi api = new InProcessApi(((ServletContainer) needs.api()).getApplicationHandler());
        Map<String, String> headers = Map.of("Authorization", "Bearer " + key, "Accept", "application/json",
                "Content-Type", "application/json");
        expect(api.call("GET", "/v1/flows/" + flow.id(), headers, null), 200);
        expect(api.call("POST", "/v1/flows", headers, needs.json().writeValueAsString(Map.of(
                "serverUrl", "ftp://rehearsal.invalid/mcp", "subject", "rehearsal",
                "wwwAuthenticate", "Bearer scope=\"mcp\""))), 400);
        return List.of("GET /v1/flows/{id} 200", "POST /v1/flows 400");
    }

    private static void expect(InProcessApi.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("the API answered " + reply.status() + " where " + status
                    + " was expected");
        }
    }

    private static String stateOf(String url) {
        int start = url.indexOf("state=") + "state=".length();
        int end = url.indexOf('&', start);
        return URLDecoder.decode(url.substring(start, end < 0 ? url.length() : end), StandardCharsets.UTF_8);
    }

    /**
     * The server's limits and timeouts, allowed to reach loopback: the only server this client is
     * ever pointed at is the rehearsal's own peer, and the metadata it follows comes from that peer.
     */
    private static EgressFactory toOwnPeer(EgressFactory server) {
        EgressFactory own = new EgressFactory();
        own.setAllowPrivateNetworks(true);
        own.setConnectTimeout(server.getConnectTimeout());
        own.setReadTimeout(server.getReadTimeout());
        own.setMaxResponseSize(server.getMaxResponseSize());
        own.setMaxRedirects(0);
        return own;
    }
}
