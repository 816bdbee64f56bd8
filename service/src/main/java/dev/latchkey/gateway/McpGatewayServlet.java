package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.latchkey.api.FailureMapper;
import dev.latchkey.api.ProblemException;
import dev.latchkey.connection.ConnectionService;
import dev.latchkey.flow.ConnectionOrFlow;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundStream;
import dev.latchkey.http.StreamOptions;
import dev.latchkey.http.StreamingHttp;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code {publicBaseUrl}/mcp/{slug}}: the MCP gateway, generation 1 (Streamable HTTP of 2025-06-18
 * and 2025-11-25) as an authorized pass-through. The client presents its gateway token; the gateway
 * finds the tenant's registered server, attaches the subject's own upstream access token (never the
 * gateway token) and passes POST, GET (the server's event stream) and DELETE through, the answer
 * streamed back as it arrives. Without a usable connection a request is answered by
 * {@link AuthorizationAnswer} with the link of a new flow.
 *
 * <p>A servlet rather than a Jersey resource: the body is copied as it arrives with a flush per
 * chunk (one SSE event reaches the client when the upstream sends it), and none of the REST API's
 * filters (API keys, its rate limit, its 64 KiB body limit, problem documents) apply here.
 */
public final class McpGatewayServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(McpGatewayServlet.class);
    private static final Set<String> METHODS = Set.of("POST", "GET", "DELETE");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** Documented in docs/gateway.md: a static-token client sees exactly this, and no resource_metadata. */
    static final String CHALLENGE = "Bearer realm=\"latchkey-gateway\"";

    private final transient Function<String, Optional<GatewayCaller>> tokens;
    private final transient UpstreamServers servers;
    private final transient UpstreamAccess access;
    private final transient StreamingHttp http;
    private final transient StreamOptions options;
    private final long maxRequestBytes;
    private final String allowedOrigin;
    private final transient JsonRpcAnswers answers;
    private final transient AuthorizationAnswer authorization;
    private final transient ObjectMapper json;
    private final transient StatelessGateway stateless;
    private final transient CancellingRelay cancelling;

    /**
     * @param tokens {@code GatewayTokens::authenticate}
     * @param decision the "connection or new flow" decision shared with {@code POST /v1/token}
     */
    public McpGatewayServlet(Function<String, Optional<GatewayCaller>> tokens, UpstreamServers servers,
                             ConnectionOrFlow decision, StreamingHttp http, GatewayFactory config,
                             URI publicBaseUrl, ObjectMapper json, StatelessGateway.Needs generation2) {
        this.tokens = tokens;
        this.servers = servers;
        this.access = new UpstreamAccess(decision);
        this.http = http;
        this.options = new StreamOptions(config.getStreamIdleTimeout().toJavaDuration(),
                config.getMaxResponseBody().toBytes());
        this.maxRequestBytes = config.getMaxRequestBody().toBytes();
        this.allowedOrigin = ResourceUris.origin(publicBaseUrl);
        this.json = json;
        this.answers = new JsonRpcAnswers(json);
        this.authorization = new AuthorizationAnswer(answers);
        this.stateless = StatelessGateway.wire(generation2, access, answers, json);
        this.cancelling = new CancellingRelay(generation2.timer(), config.getStreamHeartbeat().toJavaDuration());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!METHODS.contains(method)) {
            response.setHeader("Allow", "GET, POST, DELETE");
            answers.write(response, 405, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "Method not allowed."));
            return;
        }
        Optional<String> slug = slug(request.getPathInfo());
        if (slug.isEmpty()) {
            answers.write(response, 404, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "No MCP server here: the gateway serves /mcp/{server slug}."));
            return;
        }
        // DNS-rebinding protection (Streamable HTTP): an Origin present must be Latchkey's own.
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            answers.write(response, 403, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "Origin not allowed."));
            return;
        }
        Optional<String> bearer = bearer(request);
        Optional<GatewayCaller> caller = bearer.flatMap(tokens);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", bearer.isEmpty() ? CHALLENGE
                    : CHALLENGE + ", error=\"invalid_token\"");
            answers.write(response, 401, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    bearer.isEmpty() ? "Send the gateway token: Authorization: Bearer lkg_…"
                            : "The gateway token is unknown, revoked or expired."));
            return;
        }
        GatewayCaller who = caller.get();
        Optional<UpstreamServer> server = servers.bySlug(who.tenant(), slug.get());
        boolean allowed = who.mayReach(slug.get()) || server.map(s -> who.mayReach(s.id())).orElse(false);
        if (!allowed) {
            answers.write(response, 403, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "This gateway token may not reach that server."));
            return;
        }
        if (server.isEmpty()) {
            answers.write(response, 404, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "No server is registered under that slug."));
            return;
        }
        if (!method.equals("POST") && StatelessRequest.isModern(request.getHeader("MCP-Protocol-Version"))) {
            // Generation 2 is POST only: no session to end, no stream to open (subscriptions/listen is a POST).
            response.setHeader("Allow", "POST");
            answers.write(response, 405, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "Protocol " + StatelessRequest.FIRST_VERSION + " and later are served by POST only."));
            return;
        }
        byte[] body = null;
        Optional<StatelessRequest> modern = Optional.empty();
        if (method.equals("POST")) {
            Optional<byte[]> read = readBody(request);
            if (read.isEmpty()) {
                answers.write(response, 413, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                        "The message is larger than " + maxRequestBytes + " bytes."));
                return;
            }
            body = read.get();
            // The one dispatch point of generation 2: checked, and the gateway's own requestState taken out.
            if (StatelessRequest.isGeneration2(request.getHeader("MCP-Protocol-Version"), body, json)) {
                StatelessGateway.Step step = stateless.prepare(request::getHeader, body, who, server.get(), response);
                if (!(step instanceof StatelessGateway.Forward forward)) {
                    return;
                }
                body = forward.body();
                modern = forward.request();
            }
        }
        try {
            serve(request, response, who, server.get(), body, modern);
        } catch (Failure failure) {
            failed(response, FailureMapper.status(failure.kind()), failure.retryAfter().map(d -> d.toSeconds()),
                    failure.description());
        } catch (ProblemException problem) {
            problem.headers().forEach(response::setHeader);
            failed(response, problem.problem().status(), Optional.empty(), problem.problem().detail());
        } catch (EgressException egress) {
            failed(response, egress.kind() == EgressException.Kind.TIMEOUT ? 504 : 502, Optional.empty(),
                    "The upstream MCP server could not be reached: " + egress.getMessage());
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, GatewayCaller caller,
                       UpstreamServer server, byte[] body, Optional<StatelessRequest> modern) throws IOException {
        Optional<ConnectionService.HandedToken> token = access.token(caller, server);
        if (token.isEmpty()) {
            authorizeFirst(request, response, caller, server, body, modern);
            return;
        }
        OutboundStream upstream = open(request, server, token.get(), body);
        if (upstream.status() == 401) {
            // One refresh (or the token another request stored meanwhile), one more try.
            upstream.close();
            Optional<ConnectionService.HandedToken> again = access.afterRejection(caller, token.get());
            if (again.isEmpty()) {
                authorizeFirst(request, response, caller, server, body, modern);
                return;
            }
            upstream = open(request, server, again.get(), body);
            if (upstream.status() == 401) {
                upstream.close();
                authorizeFirst(request, response, caller, server, body, modern);
                return;
            }
        }
        relay(upstream, response, modern.isPresent());
    }

    private OutboundStream open(HttpServletRequest request, UpstreamServer server,
                                ConnectionService.HandedToken token, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>(GatewayHeaders.upstream(
                Collections.list(request.getHeaderNames()), name -> Collections.list(request.getHeaders(name))));
        headers.put("Authorization", List.of("Bearer " + token.token().accessToken()));
        return http.open(new OutboundRequest(request.getMethod(), URI.create(server.url()), headers,
                Optional.ofNullable(body), false, "mcp gateway"), options);
    }

    /**
     * No usable connection: a request gets the authorization answer (and a flow is started for it); a
     * notification or response is accepted (202) without one; a batch cannot carry the answer (400);
     * GET and DELETE are not served until the user has authorized (405, as a server without the stream).
     */
    private void authorizeFirst(HttpServletRequest request, HttpServletResponse response, GatewayCaller caller,
                                UpstreamServer server, byte[] body, Optional<StatelessRequest> modern)
            throws IOException {
        if (modern.isPresent()) {
            stateless.authorizeFirst(modern.get(), caller, server, response);
            return;
        }
        if (!request.getMethod().equals("POST")) {
            response.setHeader("Allow", "POST");
            answers.write(response, 405, answers.error(NullNode.getInstance(), JsonRpcAnswers.INVALID_REQUEST,
                    "Not available until the user has authorized this server; send a request by POST."));
            return;
        }
        McpMessage message = McpMessage.of(body, json);
        switch (message.kind()) {
            case REQUEST -> answers.write(response, 200,
                    authorization.render(message.id(), access.authorize(caller, server)));
            case NOTIFICATION, RESPONSE -> {
                response.setStatus(202);
                response.setContentLength(0);
            }
            case BATCH -> answers.write(response, 400, answers.error(NullNode.getInstance(),
                    JsonRpcAnswers.INVALID_REQUEST, "The user must authorize this server first; a batch cannot"
                            + " carry the authorization link. Send one request at a time."));
            case NOT_JSON -> answers.write(response, 400, answers.error(NullNode.getInstance(),
                    JsonRpcAnswers.PARSE_ERROR, "The body is not JSON."));
            case INVALID -> answers.write(response, 400, answers.error(message.id(),
                    JsonRpcAnswers.INVALID_REQUEST, "The body is not a JSON-RPC 2.0 message."));
        }
    }

    /**
     * The upstream answer, passed on as it arrives: its status, the allowed headers, and the body
     * copied chunk by chunk with a flush after each (one event of an SSE stream reaches the client
     * when the upstream sends it). A read blocks until the upstream sends more, and a write until the
     * client takes it: back-pressure both ways. Either side ending ends the other.
     */
    private void relay(OutboundStream upstream, HttpServletResponse response, boolean closingCancels)
            throws IOException {
        try (upstream) {
            response.setStatus(upstream.status());
            GatewayHeaders.downstream(upstream.headers())
                    .forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            boolean stream = upstream.isEventStream();
            if (stream) {
                response.setHeader("X-Accel-Buffering", "no");
            }
            OutputStream out = response.getOutputStream();
            if (stream) {
                response.flushBuffer();
            }
            if (stream && closingCancels) {
                cancelling.copy(upstream, out);
                return;
            }
            InputStream in = upstream.body();
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException upstreamBroke) {
                    LOG.debug("upstream answer broke off: {}", upstreamBroke.getMessage());
                    if (response.isCommitted()) {
                        // Let Jetty abort the client's connection: a cut answer must not look complete.
                        throw upstreamBroke;
                    }
                    response.reset();
                    failed(response, 502, Optional.empty(), "The upstream MCP server's answer broke off: "
                            + upstreamBroke.getMessage());
                    return;
                }
                if (n < 0) {
                    break;
                }
                // A failed write means the client went away: leaving closes the upstream exchange.
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private void failed(HttpServletResponse response, int status, Optional<Long> retryAfter, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        retryAfter.ifPresent(seconds -> response.setHeader("Retry-After", String.valueOf(Math.max(1, seconds))));
        answers.write(response, status, answers.error(NullNode.getInstance(), JsonRpcAnswers.GATEWAY_ERROR, message));
    }

    private Optional<byte[]> readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxRequestBytes) {
            return Optional.empty();
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
        return body.length > maxRequestBytes ? Optional.empty() : Optional.of(body);
    }

    private boolean originAllowed(String origin) {
        try {
            URI uri = new URI(origin.strip());
            return uri.getHost() != null && uri.getScheme() != null && ResourceUris.origin(uri).equals(allowedOrigin);
        } catch (URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    static Optional<String> slug(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return Optional.empty();
        }
        String slug = pathInfo.substring(1);
        if (slug.endsWith("/")) {
            slug = slug.substring(0, slug.length() - 1);
        }
        return SLUG.matcher(slug).matches() ? Optional.of(slug) : Optional.empty();
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String value = header.substring(7).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
