package dev.latchkey.discovery;

import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Timeline;
import java.net.URI;

/**
 * Finds an MCP server's authorization server (RFC 9728, then RFC 8414 / OpenID Connect
 * discovery), with caching. Fails with a {@link dev.latchkey.protocol.Failure} whose code says why:
 * {@code discovery_failed}, {@code resource_mismatch}, {@code issuer_mismatch},
 * {@code pkce_unsupported}, {@code egress_blocked}, {@code insecure_endpoint}.
 */
public interface ServerDiscovery {

    DiscoveredServer discover(URI serverUrl, Challenge challenge, Timeline timeline);

    /**
     * As {@link #discover}, but the protected-resource metadata is read again rather than taken
     * from the cache, and replaces it there: a server that refused a token may have moved to
     * another authorization server (SEP-2352).
     */
    DiscoveredServer rediscover(URI serverUrl, Challenge challenge, Timeline timeline);

    /**
     * The metadata of a known issuer (cached; fetched again with the same rules when it is not),
     * e.g. for the token endpoint at callback or refresh time.
     */
    AuthorizationServerMetadata authorizationServer(String issuer, Timeline timeline);
}
