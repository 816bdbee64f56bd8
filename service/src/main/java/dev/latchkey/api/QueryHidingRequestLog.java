package dev.latchkey.api;

import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The server's request log, shown each request as it may be written: outside the REST API
 * ({@code /v1/}, whose query strings are filters and cursors) without its query string — the
 * callbacks' {@code code} and {@code state}, the landing links, the console — with a
 * {@code Referer} cut at its path (a page opened from a callback would quote the callback's
 * query) and without {@code Authorization}. Whatever the log format (text or {@code access-json})
 * and whatever fields an operator adds ({@code %r}, {@code %q}, {@code pathQuery},
 * {@code requestParameters}, request headers), none of that can reach the log.
 */
public final class QueryHidingRequestLog extends ContainerLifeCycle implements RequestLog {

    private static final String API_PREFIX = "/v1/";

    private final RequestLog delegate;

    private QueryHidingRequestLog(RequestLog delegate) {
        this.delegate = delegate;
        // The delegate stays a managed bean: it starts and stops with this log.
        addBean(delegate);
    }

    /** Wraps the server's request log, if it has one; call before the server has started. */
    public static void install(Server server) {
        RequestLog configured = server.getRequestLog();
        if (configured != null && !(configured instanceof QueryHidingRequestLog)) {
            server.setRequestLog(new QueryHidingRequestLog(configured));
        }
    }

    @Override
    public void log(Request request, Response response) {
        delegate.log(new AsLogged(request), response);
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
            HttpFields.Mutable fields = HttpFields.build(request.getHeaders()).remove(HttpHeader.AUTHORIZATION);
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
    }
}
