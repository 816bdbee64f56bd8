package dev.latchkey.http;

import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.security.EgressFactory;
import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The one outbound client: Jetty's HttpClient with a resolver that applies the {@link EgressGuard}
 * to every resolved address of every hop, no automatic redirects, no cookies, no HTTP
 * authentication handling (a 401 or 407 is returned as is), timeouts and a response size cap. Redirects of GET requests are followed here, one checked hop at a time.
 */
public final class GuardedHttpClient implements OutboundHttp, StreamingHttp, Managed {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final EgressGuard guard;
    private final EgressAudit audit;
    private final int maxRedirects;
    private final HttpClient client;
    private final SingleExchange exchange;
    private final StreamingExchange streams;
    private final DomainMetrics metrics;

    public GuardedHttpClient(EgressFactory config, EgressAudit audit) {
        this(config, audit, DomainMetrics.unexported());
    }

    public GuardedHttpClient(EgressFactory config, EgressAudit audit, DomainMetrics metrics) {
        this.metrics = metrics;
        this.guard = new EgressGuard(config.isAllowPrivateNetworks());
        this.audit = audit;
        this.maxRedirects = config.getMaxRedirects();
        this.client = new HttpClient();
        client.setName("latchkey-egress");
        client.setSocketAddressResolver(new GuardedResolver(guard));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setConnectTimeout(config.getConnectTimeout().toMilliseconds());
        client.setIdleTimeout(config.getReadTimeout().toMilliseconds());
        // Jetty's default (64) would queue the 65th gateway stream to one upstream server behind the others.
        client.setMaxConnectionsPerDestination(config.getMaxConnectionsPerServer());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Latchkey"));
        this.exchange = new SingleExchange(client, Duration.ofMillis(config.getReadTimeout().toMilliseconds()),
                config.getMaxResponseSize().toBytes());
        this.streams = new StreamingExchange(client, Duration.ofMillis(config.getReadTimeout().toMilliseconds()));
    }

    public EgressGuard guard() {
        return guard;
    }

    @Override
    public void start() throws Exception {
        client.start();
        // Jetty adds its protocol handlers while starting. Its authentication handlers would retry
        // with stored credentials we never give it, and fail the whole exchange on a 401/407 that
        // carries no challenge, which authorization servers send with invalid_client: to us a
        // 401 is an answer to read, like any other.
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
    }

    @Override
    public void stop() throws Exception {
        client.stop();
    }

    @Override
    public OutboundResponse send(OutboundRequest request) {
        URI target = request.uri();
        try {
            OutboundResponse response = hop(request, target);
            for (int hops = 0; request.followRedirects() && isRedirect(response); hops++) {
                if (hops >= maxRedirects) {
                    throw new EgressException(EgressException.Kind.TOO_MANY_REDIRECTS,
                            "more than " + maxRedirects + " redirects");
                }
                URI next = nextHop(target, response);
                target = next;
                response = hop(request, next);
            }
            return response;
        } catch (EgressException e) {
            refused(e, target, request);
            throw e;
        }
    }

    private void refused(EgressException e, URI target, OutboundRequest request) {
        if (e.kind() == EgressException.Kind.BLOCKED || e.kind() == EgressException.Kind.INSECURE) {
            audit.blocked(withoutQuery(target), request.purpose(), e.getMessage());
            metrics.egressRefused(e.kind() == EgressException.Kind.BLOCKED ? DomainMetrics.EgressRefusal.ADDRESS
                    : DomainMetrics.EgressRefusal.SCHEME);
        }
    }

    /**
     * Sends the request and returns as soon as the response headers are in: the body is read as it
     * arrives (the MCP gateway's pass-through). The same guard, resolver and connect timeout as
     * {@link #send}; never follows a redirect (a 3xx is the answer). Throws {@link EgressException}
     * when the request is refused or no headers arrive within {@code options.idleTimeout()}.
     */
    @Override
    public OutboundStream open(OutboundRequest request, StreamOptions options) {
        if (request.followRedirects()) {
            throw new IllegalArgumentException("a streamed request never follows redirects");
        }
        URI target = request.uri();
        try {
            Optional<String> refusal = guard.schemeRefusal(target);
            if (refusal.isPresent()) {
                throw new EgressException(EgressException.Kind.INSECURE, refusal.get() + " for " + withoutQuery(target));
            }
            if (target.getHost() == null) {
                throw new EgressException(EgressException.Kind.NETWORK, "the URL has no host");
            }
            return streams.open(request.method(), target, request.headers(), request.body().orElse(null), options);
        } catch (EgressException e) {
            refused(e, target, request);
            throw e;
        }
    }

    private OutboundResponse hop(OutboundRequest request, URI target) {
        Optional<String> refusal = guard.schemeRefusal(target);
        if (refusal.isPresent()) {
            throw new EgressException(EgressException.Kind.INSECURE, refusal.get() + " for " + withoutQuery(target));
        }
        if (target.getHost() == null) {
            throw new EgressException(EgressException.Kind.NETWORK, "the URL has no host");
        }
        Map<String, List<String>> headers = request.headers();
        return exchange.send(request.method(), target, headers, request.body().orElse(null), request.timeout());
    }

    private static boolean isRedirect(OutboundResponse response) {
        return REDIRECTS.contains(response.status()) && response.header("location").isPresent();
    }

    static URI nextHop(URI current, OutboundResponse response) {
        URI next;
        try {
            next = current.resolve(response.header("location").orElseThrow().trim());
        } catch (IllegalArgumentException e) {
            throw new EgressException(EgressException.Kind.NETWORK, "the redirect location is not a URL");
        }
        String from = current.getScheme().toLowerCase(Locale.ROOT);
        String to = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (from.equals("https") && !to.equals("https")) {
            throw new EgressException(EgressException.Kind.INSECURE, "a redirect from https to " + to + " was refused");
        }
        return next;
    }

    /** The URL as it may be logged: no query string, no fragment, no user info. */
    public static URI withoutQuery(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return URI.create(uri.getScheme() + "://" + uri.getHost());
        }
    }
}
