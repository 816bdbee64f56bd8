package dev.latchkey.gateway.servers;

import dev.latchkey.http.OutboundUrlRules;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import java.net.URI;

/**
 * What an upstream MCP server's URL may be: the {@link OutboundUrlRules}, and no query either — a
 * query is where hosted MCP servers put API keys, and nothing registered here may be secret. The
 * URL is kept in the canonical form flows use for a resource ({@link ResourceUris#canonical(URI)}),
 * so one endpoint is one registration.
 */
public final class UpstreamUrlPolicy {

    private final OutboundUrlRules rules;

    public UpstreamUrlPolicy(boolean allowPlainHttp) {
        this.rules = new OutboundUrlRules(allowPlainHttp);
    }

    /** The canonical URL, or a {@code invalid_url} failure that says what is wrong. */
    public String canonical(String url) {
        URI checked = rules.check(url, "invalid_url", OutboundUrlRules.Query.REFUSED);
        String canonical = ResourceUris.canonical(URI.create(checked.toASCIIString()));
        if (canonical.length() > OutboundUrlRules.MAX_LENGTH) {
            throw Failure.request("invalid_url", "url is longer than " + OutboundUrlRules.MAX_LENGTH
                    + " characters.");
        }
        return canonical;
    }
}
