package dev.latchkey.gateway;

import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What an upstream MCP server's URL may be: absolute https (plain http only when
 * {@code egress.allowPrivateNetworks} is on, for development), with a host, and without credentials,
 * a query or a fragment — a query is where hosted MCP servers put API keys, and nothing registered
 * here may be secret. The URL is kept in the canonical form flows use for a resource
 * ({@link ResourceUris#canonical(URI)}), so one endpoint is one registration. Where it resolves to is
 * checked on every outbound request by the guarded client, not here.
 */
public final class UpstreamUrlPolicy {

    static final int MAX_LENGTH = 2000;

    private final boolean allowPlainHttp;

    public UpstreamUrlPolicy(boolean allowPlainHttp) {
        this.allowPlainHttp = allowPlainHttp;
    }

    /** The canonical URL, or a {@code invalid_url} failure that says what is wrong. */
    public String canonical(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("url is required.");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("url is longer than " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(new URI(url.strip()).toASCIIString());
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw invalid(allowPlainHttp ? "url must be an http or https URL." : "url must be an https URL.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("url must name a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url must not carry credentials.");
        }
        if (uri.getRawQuery() != null) {
            throw invalid("url must not have a query.");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url must not have a fragment.");
        }
        String canonical = ResourceUris.canonical(uri);
        if (canonical.length() > MAX_LENGTH) {
            throw invalid("url is longer than " + MAX_LENGTH + " characters.");
        }
        return canonical;
    }

    private static Failure invalid(String detail) {
        return Failure.request("invalid_url", detail);
    }
}
