package dev.latchkey.http;

import dev.latchkey.protocol.Failure;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a URL that someone gives Latchkey to call later (a webhook, an upstream MCP server) may be:
 * absolute https (plain http only when {@code egress.allowPrivateNetworks} is on, for development),
 * with a host, no credentials and no fragment, at most {@value #MAX_LENGTH} characters. Where it
 * resolves to is checked on every request by the guarded client, not here.
 */
public final class OutboundUrlRules {

    public static final int MAX_LENGTH = 2000;

    /** Whether the URL may carry a query. */
    public enum Query { ALLOWED, REFUSED }

    private final boolean allowPlainHttp;

    public OutboundUrlRules(boolean allowPlainHttp) {
        this.allowPlainHttp = allowPlainHttp;
    }

    /** The URL, or a request failure with {@code code} that says what is wrong with it. */
    public URI check(String url, String code, Query query) {
        if (url == null || url.isBlank()) {
            throw Failure.request(code, "url is required.");
        }
        if (url.length() > MAX_LENGTH) {
            throw Failure.request(code, "url is longer than " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw Failure.request(code, "url is not a valid URI.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw Failure.request(code, allowPlainHttp ? "url must be an http or https URL."
                    : "url must be an https URL.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw Failure.request(code, "url must name a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw Failure.request(code, "url must not carry credentials.");
        }
        if (query == Query.REFUSED && uri.getRawQuery() != null) {
            throw Failure.request(code, "url must not have a query.");
        }
        if (uri.getRawFragment() != null) {
            throw Failure.request(code, "url must not have a fragment.");
        }
        return uri;
    }
}
