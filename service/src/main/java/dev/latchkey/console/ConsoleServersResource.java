package dev.latchkey.console;

import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.servers.UpstreamServers;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The upstream MCP servers every tenant has registered for the gateway, read-only. */
@Path("/console/servers")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleServersResource {

    private final UpstreamServers servers;
    private final ConsolePages pages;

    /** A server as listed. */
    public record ServerRow(String id, String tenant, String name, String slug, String url, String gatewayUrl,
                            long createdAt) {
    }

    public ConsoleServersResource(UpstreamServers servers, ConsolePages pages) {
        this.servers = servers;
        this.pages = pages;
    }

    @GET
    public ConsolePage list(@Auth Operator operator, @QueryParam("tenant") String tenant,
                            @QueryParam("slug") String slug, @QueryParam("cursor") String cursor) {
        Map<String, String> filter = new LinkedHashMap<>();
        FilterText.of(tenant).ifPresent(v -> filter.put("tenant", v));
        FilterText.of(slug).ifPresent(v -> filter.put("slug", v));
        Page<UpstreamServer> page = servers.listAll(Optional.ofNullable(filter.get("tenant")),
                Optional.ofNullable(filter.get("slug")), cursor, ConsoleFlowsResource.PAGE_SIZE);
        Map<String, Object> model = Links.listModel("/console/servers", filter, page.nextCursor());
        model.put("servers", page.items().stream().map(s -> new ServerRow(s.id(), s.tenant(), s.name(), s.slug(),
                s.url(), servers.gatewayUrl(s), s.createdAt())).toList());
        return pages.page("servers", "Upstream servers", "servers", operator, model);
    }
}
