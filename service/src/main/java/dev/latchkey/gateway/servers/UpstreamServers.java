package dev.latchkey.gateway.servers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Caller;
import dev.latchkey.protocol.Failure;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Ids;
import dev.latchkey.store.Page;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The registry of upstream MCP servers: a tenant registers an endpoint under a name and gets the
 * gateway URL MCP clients will use for it, {@code {publicBaseUrl}/mcp/{slug}}. Registrations and
 * deletions are audited as the API key that made them.
 */
public final class UpstreamServers {

    /** The SQL objects behind the registry, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = List.of(UpstreamServerDao.class);

    static final int MAX_NAME = 100;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final UpstreamServerStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final UpstreamUrlPolicy urls;
    private final String gatewayBase;
    /**
     * The gateway looks a server up by slug on every request. Found servers are kept for a few seconds:
     * a deletion here forgets them at once, one on another instance is seen there within {@link #SLUG_CACHE_TTL}.
     */
    private final Cache<SlugKey, UpstreamServer> bySlug;

    /** How long another instance may still serve a server deleted elsewhere. */
    static final Duration SLUG_CACHE_TTL = Duration.ofSeconds(5);

    private record SlugKey(String tenant, String slug) {
    }

    public UpstreamServers(Jdbi jdbi, AuditLog audit, Clock clock, UpstreamUrlPolicy urls, URI publicBaseUrl) {
        this.bySlug = Caffeine.newBuilder().expireAfterWrite(SLUG_CACHE_TTL).maximumSize(10_000).build();
        this.store = new UpstreamServerStore(jdbi);
        this.audit = audit;
        this.clock = clock;
        this.urls = urls;
        String base = publicBaseUrl.toString();
        this.gatewayBase = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/mcp/";
    }

    /** Registers the server; a URL the tenant registered already is a {@code server_exists} conflict naming it. */
    public ServerView register(Caller caller, String name, String url) {
        String canonical = urls.canonical(url);
        String cleanName = name(name);
        String base = ServerSlugs.base(cleanName, URI.create(canonical));
        UpstreamServerStore.Registration registration = store.register(Ids.mint("srv"), caller.tenant(), cleanName,
                canonical, base, clock.millis(), taken -> ServerSlugs.free(base, taken),
                (h, server) -> record(h, caller, "server.create", server));
        if (!registration.created()) {
            String existing = registration.server().id();
            throw Failure.conflict("server_exists", "This URL is registered already, as server " + existing + ".")
                    .concerningServer(existing);
        }
        return view(registration.server());
    }

    /** A page of the tenant's servers, newest first. */
    public Page<ServerView> list(Caller caller, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<UpstreamServer> rows = store.page(caller.tenant(), position.at(), position.id(), limit + 1);
        return Page.fromLookahead(rows, limit, row -> new Cursor(row.createdAt(), row.id())).map(this::view);
    }

    public ServerView get(Caller caller, String id) {
        return view(find(caller.tenant(), id));
    }

    /** The tenant's server; another tenant's or an unknown id is not found. */
    public UpstreamServer find(String tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    /** The tenant's server behind a gateway URL's slug (for the gateway). */
    public Optional<UpstreamServer> bySlug(String tenant, String slug) {
        UpstreamServer known = bySlug.getIfPresent(new SlugKey(tenant, slug));
        if (known != null) {
            return Optional.of(known);
        }
        Optional<UpstreamServer> found = store.findBySlug(tenant, slug);
        found.ifPresent(server -> bySlug.put(new SlugKey(tenant, slug), server));
        return found;
    }

    public void delete(Caller caller, String id) {
        bySlug.asMap().keySet().removeIf(key -> key.tenant().equals(caller.tenant()));
        if (!store.delete(caller.tenant(), id, (h, server) -> record(h, caller, "server.delete", server))) {
            throw notFound(id);
        }
    }

    /** Every tenant's servers for the console, newest first, optionally one tenant's or one slug's. */
    public Page<UpstreamServer> listAll(Optional<String> tenant, Optional<String> slug, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<UpstreamServer> rows = store.pageAll(tenant, slug, position.at(), position.id(), limit + 1);
        return Page.fromLookahead(rows, limit, row -> new Cursor(row.createdAt(), row.id()));
    }

    /** Where MCP clients reach the server through Latchkey. */
    public String gatewayUrl(UpstreamServer server) {
        return gatewayBase + server.slug();
    }

    private ServerView view(UpstreamServer server) {
        return ServerView.of(server, gatewayUrl(server));
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw Failure.request("invalid_name", "name is required.");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME || CONTROL.matcher(stripped).find()) {
            throw Failure.request("invalid_name",
                    "name must be at most " + MAX_NAME + " characters without control characters.");
        }
        return stripped;
    }

    private static Failure notFound(String id) {
        return Failure.notFound("not_found", "Server " + safeId(id) + " was not found.");
    }

    static String safeId(String id) {
        String clean = id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "");
        return clean.length() > 60 ? clean.substring(0, 60) : clean;
    }

    private void record(Handle h, Caller caller, String action, UpstreamServer server) {
        audit.record(h, AuditEntry.ActorType.API_KEY, "lk_" + caller.keyPrefix(), caller.tenant(), action,
                "server", server.id(), AuditEntry.Outcome.SUCCESS, "slug=" + server.slug() + " url=" + server.url());
    }
}
