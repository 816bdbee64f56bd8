package dev.latchkey.gateway.servers;

/**
 * An upstream MCP server a tenant registered: the gateway serves it at {@code /mcp/{slug}}.
 * {@code url} is the MCP endpoint in canonical form ({@link UpstreamUrlPolicy}); nothing here is secret.
 * {@code id} ({@code srv_…}) is what a flow or connection started through the gateway carries as its
 * {@code serverId} — the caller's stable name for the server — and {@code slug} as its {@code serverSlug}.
 */
public record UpstreamServer(String id, String tenant, String name, String url, String slug, long createdAt) {
}
