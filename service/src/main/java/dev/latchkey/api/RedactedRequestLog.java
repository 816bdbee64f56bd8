package dev.latchkey.api;

import ch.qos.logback.access.jetty.RequestLogImpl;
import ch.qos.logback.core.status.Status;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's request log, shown each request as it may be written: outside the REST API
 * ({@code /v1/}, whose query strings are filters and cursors) without its query string — the
 * callbacks' {@code code} and {@code state}, the landing links, the console — with a
 * {@code Referer} cut at its path (a page opened from a callback would quote the callback's
 * query), without {@code Authorization} (API keys, gateway tokens) and without cookies either way
 * (the browser binding, the console session). Whatever the log format (text or {@code access-json})
 * and whatever fields an operator adds ({@code %r}, {@code %q}, {@code pathQuery},
 * {@code requestParameters}, request and response headers, cookies), none of that can reach the log.
 */
public final class RedactedRequestLog extends ContainerLifeCycle implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedactedRequestLog.class);
    private static final String API_PREFIX = "/v1/";

    private final RequestLog delegate;

    private RedactedRequestLog(RequestLog delegate) {
        this.delegate = delegate;
        // The delegate stays a managed bean: it starts and stops with this log.
        addBean(delegate);
    }

    /** Wraps the server's request log, if it has one; call before the server has started. */
    public static void install(Server server) {
        RequestLog configured = server.getRequestLog();
        if (configured != null && !(configured instanceof RedactedRequestLog)) {
            if (configured instanceof RequestLogImpl logback) {
                reportOnlyProblems(logback);
            }
            server.setRequestLog(new RedactedRequestLog(configured));
        }
    }

    /**
     * Logback-access prints its start-up status (the versions it found) as raw text on standard
     * output, which would be the one line of a JSON log that is not JSON; quiet, its warnings and
     * errors still reach the application log.
     */
    private static void reportOnlyProblems(RequestLogImpl logback) {
        logback.setQuiet(true);
        logback.getStatusManager().add(status -> {
            if (status.getLevel() >= Status.WARN) {
                LOG.warn("request log: {}", status.getMessage());
            }
        });
    }

    @Override
    public void log(Request request, Response response) {
        delegate.log(new AsLogged(request), new WithoutCookies(request, response));
    }

    static boolean keepsQuery(String path) {
        return path != null && path.startsWith(API_PREFIX);
    }

    /** A Referer without its query and fragment; dropped when it cannot be read. */
    static String withoutQuery(String referer) {
        try {
            URI uri = new URI(referer);
            return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static final class AsLogged extends Request.Wrapper {

        private final HttpURI uri;
        private final HttpFields headers;

        AsLogged(Request request) {
            super(request);
            HttpURI original = request.getHttpURI();
            this.uri = keepsQuery(original.getPath()) ? original : HttpURI.build(original).query(null).asImmutable();
            HttpFields.Mutable fields = HttpFields.build(request.getHeaders()).remove(HttpHeader.AUTHORIZATION)
                    .remove(HttpHeader.COOKIE);
            String referer = request.getHeaders().get(HttpHeader.REFERER);
            if (referer != null) {
                String cut = withoutQuery(referer);
                if (cut == null) {
                    fields.remove(HttpHeader.REFERER);
                } else {
                    fields.put(HttpHeader.REFERER, cut);
                }
            }
            this.headers = fields.asImmutable();
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }

        /** The cookies Jetty parsed before (kept as an attribute) are not shown either. */
        @Override
        public Object getAttribute(String name) {
            return Request.COOKIE_ATTRIBUTE.equals(name) ? List.of() : super.getAttribute(name);
        }
    }

    private static final class WithoutCookies extends Response.Wrapper {

        private final HttpFields.Mutable headers;

        WithoutCookies(Request request, Response response) {
            super(request, response);
            this.headers = HttpFields.build(response.getHeaders()).remove(HttpHeader.SET_COOKIE);
        }

        @Override
        public HttpFields.Mutable getHeaders() {
            return headers;
        }
    }
}
