package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.api.FailureMapper;
import dev.latchkey.api.ProblemException;
import dev.latchkey.flow.ConnectionOrFlow;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.servers.UpstreamServers;
import dev.latchkey.gateway.session.GatewaySessions;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.StreamOptions;
import dev.latchkey.http.StreamingHttp;
import dev.latchkey.token.DPoPProofs;
import dev.latchkey.protocol.Failure;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * {@code {publicBaseUrl}/mcp/{slug}}: the MCP gateway's front door. It checks what every request must
 * pass before anything goes upstream — the method, the server slug, the {@code Origin}, the gateway token,
 * the token's reach, the body's size — and hands the request on: an initialize or a request naming a
 * session to {@link SessionExchange} (generation 1 sessions, the gateway's own), a message of protocol
 * 2026-07-28 or later to {@link Generation2Exchange}, anything else to {@link StatelessExchange}. Failures
 * of the flow engine or of the upstream connection become the gateway's own JSON-RPC errors.
 *
 * <p>A servlet rather than a Jersey resource: answers are streamed as they arrive with a flush per
 * chunk, the gateway's own event stream is held without a thread (servlet async), and none of the REST
 * API's filters (API keys, its rate limit, its 64 KiB body limit, problem documents) apply here.
 */
public final class McpGatewayServlet extends HttpServlet {

    private static final Set<String> METHODS = Set.of("POST", "GET", "DELETE");
    /** Documented in docs/gateway.md: a static-token client sees exactly this, and no resource_metadata. */
    static final String CHALLENGE = GatewayDoor.CHALLENGE;

    private final transient GatewayDoor door;
    private final transient UpstreamServers servers;
    private final long maxRequestBytes;
    private final transient JsonRpcAnswers answers;
    private final transient ObjectMapper json;
    private final transient SessionExchange sessions;
    private final transient StatelessExchange stateless;
    private final transient Generation2Exchange generation2;

    /**
     * @param credentials gateway tokens, and access tokens when Latchkey is the gateway's authorization server
     * @param metadata present when Latchkey is the gateway's authorization server: 401s name the route's metadata
     * @param decision the "connection or new flow" decision shared with {@code POST /v1/token}
     */
    public McpGatewayServlet(GatewayCredentials credentials, Optional<GatewayRoutes> metadata, UpstreamServers servers,
                             ConnectionOrFlow decision, StreamingHttp http, GatewayFactory config,
                             URI publicBaseUrl, ObjectMapper json, GatewaySessions gatewaySessions,
                             HostedStreams streams, Generation2Exchange.Needs generation2, DPoPProofs proofs) {
        this.door = new GatewayDoor(credentials, publicBaseUrl, metadata, json);
        this.servers = servers;
        this.maxRequestBytes = config.getMaxRequestBody().toBytes();
        this.json = json;
        this.answers = new JsonRpcAnswers(json);
        UpstreamAccess access = new UpstreamAccess(decision);
        UpstreamCall call = new UpstreamCall(access, http, new StreamOptions(
                config.getStreamIdleTimeout().toJavaDuration(), config.getMaxResponseBody().toBytes()), proofs);
        UpstreamRelay relay = new UpstreamRelay(answers);
        AuthorizeFirst authorizeFirst = new AuthorizeFirst(access, new AuthorizationAnswer(answers), gatewaySessions,
                answers);
        this.sessions = new SessionExchange(call, relay, new UpstreamInitializer(call, gatewaySessions, json),
                authorizeFirst, gatewaySessions, streams, answers, json);
        this.stateless = new StatelessExchange(call, relay, authorizeFirst);
        this.generation2 = Generation2Exchange.wire(generation2, access, call,
                config.getStreamHeartbeat().toJavaDuration(), answers, json);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!METHODS.contains(method)) {
            response.setHeader("Allow", "GET, POST, DELETE");
            door.refuse(request, response, 405, "Method not allowed.");
            return;
        }
        Optional<String> slug = slug(request.getPathInfo());
        if (slug.isEmpty()) {
            door.refuse(request, response, 404, "No MCP server here: the gateway serves /mcp/{server slug}.");
            return;
        }
        Optional<GatewayCaller> caller = door.admit(request, response, slug);
        if (caller.isEmpty()) {
            return;
        }
        GatewayCaller who = caller.get();
        Optional<UpstreamServer> server = servers.bySlug(who.tenant(), slug.get());
        boolean allowed = who.mayReach(slug.get()) || server.map(s -> who.mayReach(s.id())).orElse(false);
        if (!allowed) {
            door.refuse(request, response, 403, "This gateway token may not reach that server.");
            return;
        }
        if (server.isEmpty()) {
            door.refuse(request, response, 404, "No server is registered under that slug.");
            return;
        }
        Optional<byte[]> body = Optional.empty();
        if (method.equals("POST")) {
            body = readBody(request);
            if (body.isEmpty()) {
                door.refuse(request, response, 413, "The message is larger than " + maxRequestBytes + " bytes.");
                return;
            }
        }
        Optional<McpMessage> message = body.map(bytes -> McpMessage.of(bytes, json));
        ClientExchange exchange = new ClientExchange(request, response, who, server.get(), body, message);
        try {
            route(exchange);
        } catch (Failure failure) {
            answers.gatewayError(response, FailureMapper.status(failure.kind()),
                    failure.retryAfter().map(d -> d.toSeconds()), failure.description());
        } catch (ProblemException problem) {
            problem.headers().forEach(response::setHeader);
            answers.gatewayError(response, problem.problem().status(), Optional.empty(), problem.problem().detail());
        } catch (EgressException egress) {
            answers.gatewayError(response, egress.kind() == EgressException.Kind.TIMEOUT ? 504 : 502, Optional.empty(),
                    "The upstream MCP server could not be reached: " + egress.getMessage());
        }
    }

    private void route(ClientExchange exchange) throws IOException {
        // Protocol 2026-07-28 and later (by the body's _meta version or the MCP-Protocol-Version header).
        if (generation2.accepts(exchange)) {
            generation2.serve(exchange);
            return;
        }
        if (exchange.message().filter(m -> m.isRequest("initialize")).isPresent()) {
            sessions.initialize(exchange);
            return;
        }
        Optional<String> session = exchange.header("Mcp-Session-Id");
        if (session.isPresent()) {
            sessions.serve(exchange, session.get());
            return;
        }
        stateless.serve(exchange);
    }

    private Optional<byte[]> readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxRequestBytes) {
            return Optional.empty();
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
        return body.length > maxRequestBytes ? Optional.empty() : Optional.of(body);
    }

    static Optional<String> slug(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return Optional.empty();
        }
        String slug = pathInfo.substring(1);
        if (slug.endsWith("/")) {
            slug = slug.substring(0, slug.length() - 1);
        }
        return GatewayRoutes.isSlug(slug) ? Optional.of(slug) : Optional.empty();
    }
}
