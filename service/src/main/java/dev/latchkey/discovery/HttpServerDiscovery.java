package dev.latchkey.discovery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.latchkey.flow.FlowFailure;
import dev.latchkey.flow.Timeline;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.plugin.ProviderScope;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Discovery by the 2026-07-28 rules: protected-resource metadata (the challenge's URL, else the
 * path-based then the root well-known URL), then the first authorization server's metadata
 * (RFC 8414 and OpenID Connect locations in the specified order, exact issuer). Documents are
 * cached per server URL and per issuer, as long as their Cache-Control allows and at most the
 * configured TTL, so a warm flow makes no request. Provider plugins that apply to the server (and,
 * once known, the issuer) may supply a missing document and patch each one before it is checked;
 * documents are cached with the names of the plugins that shaped them, which every later step that
 * reuses them records again.
 */
public final class HttpServerDiscovery implements ServerDiscovery {

    private static final String PRM_PATH = "/.well-known/oauth-protected-resource";

    private final MetadataFetch fetch;
    private final AuthorizationServerMetadataReader reader;
    private final LegacyDiscovery legacy;
    private final boolean legacyEnabled;
    private final Duration maxTtl;
    private final Cache<String, Cached<ResourceEntry>> resources;
    private final Cache<String, Cached<AuthorizationServerMetadata>> issuers;
    private final ProviderHooks hooks;

    public HttpServerDiscovery(OutboundHttp http, DiscoveryFactory config, boolean developmentMode) {
        this(http, config, developmentMode, Ticker.systemTicker(), ProviderHooks.none());
    }

    public HttpServerDiscovery(OutboundHttp http, DiscoveryFactory config, boolean developmentMode,
                               ProviderHooks hooks) {
        this(http, config, developmentMode, Ticker.systemTicker(), hooks);
    }

    HttpServerDiscovery(OutboundHttp http, DiscoveryFactory config, boolean developmentMode, Ticker ticker) {
        this(http, config, developmentMode, ticker, ProviderHooks.none());
    }

    HttpServerDiscovery(OutboundHttp http, DiscoveryFactory config, boolean developmentMode, Ticker ticker,
                        ProviderHooks hooks) {
        this.hooks = hooks;
        this.maxTtl = config.cacheTtlDuration();
        this.fetch = new MetadataFetch(http, maxTtl);
        this.reader = new AuthorizationServerMetadataReader(developmentMode);
        this.legacy = new LegacyDiscovery(fetch, reader);
        this.legacyEnabled = config.isLegacy2025();
        this.resources = cache(ticker);
        this.issuers = cache(ticker);
    }

    @Override
    public DiscoveredServer discover(URI serverUrl, Challenge challenge, Timeline timeline) {
        String resource = ResourceUris.canonical(serverUrl);
        Timeline.Recorder step = timeline.start(Timeline.DISCOVERY);
        ProviderScope scope = timeline.scope().orElseGet(() -> ProviderScope.of(serverUrl, resource, "discovery", null));
        try {
            List<String> notes = new ArrayList<>();
            ResourceEntry entry = resourceEntry(serverUrl, resource, challenge, step, notes, scope);
            AuthorizationServerMetadata as = entry.legacy()
                    ? legacyServer(ResourceUris.origin(serverUrl), step, notes)
                    : authorizationServer(entry.metadata().authorizationServers().get(0), step, notes, Optional.of(scope));
            DiscoveredServer found = new DiscoveredServer(serverUrl, resource,
                    entry.legacy() ? new ProtectedResourceMetadata(resource, List.of(as.issuer()), List.of(),
                            entry.metadata().fetchedFrom()) : entry.metadata(), as);
            step.ok("issuer " + as.issuer() + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
            return found;
        } catch (FlowFailure failure) {
            step.failed(failure);
            throw failure;
        }
    }

    @Override
    public AuthorizationServerMetadata authorizationServer(String issuer, Timeline timeline) {
        Cached<AuthorizationServerMetadata> cached = issuers.getIfPresent(issuerKey(issuer, timeline.scope()));
        if (cached != null) {
            return cached.value();
        }
        // A legacy-mode server is cached under its origin, not its (mismatching) issuer.
        Optional<AuthorizationServerMetadata> legacyMatch = issuers.asMap().entrySet().stream()
                .filter(e -> e.getKey().startsWith("legacy ")).map(e -> e.getValue().value())
                .filter(metadata -> metadata.issuer().equals(issuer)).findFirst();
        if (legacyMatch.isPresent()) {
            return legacyMatch.get();
        }
        Timeline.Recorder step = timeline.start(Timeline.DISCOVERY);
        try {
            AuthorizationServerMetadata metadata = authorizationServer(issuer, step, new ArrayList<>(), timeline.scope());
            step.ok("issuer " + issuer);
            return metadata;
        } catch (FlowFailure failure) {
            step.failed(failure);
            throw failure;
        }
    }

    /** Forgets what was learned about a server (e.g. after its authorization server moved). */
    public void forget(URI serverUrl) {
        String resource = ResourceUris.canonical(serverUrl) + " ";
        resources.asMap().keySet().removeIf(key -> key.startsWith(resource));
    }

    private ResourceEntry resourceEntry(URI serverUrl, String resource, Challenge challenge, Timeline.Recorder step,
                                        List<String> notes, ProviderScope scope) {
        // Keyed by the plugins that apply too: their patches are part of the cached document.
        String key = resource + " " + hooks.applicableIds(scope);
        Cached<ResourceEntry> cached = resources.getIfPresent(key);
        if (cached != null) {
            notes.add("protected-resource metadata from cache");
            cached.plugins().forEach(step::plugin);
            return cached.value();
        }
        String origin = ResourceUris.origin(serverUrl);
        URI root = URI.create(origin + PRM_PATH);
        List<URI> candidates = challenge.resourceMetadata().map(List::of).orElseGet(() -> wellKnownPrm(resource, origin));
        Optional<MetadataFetch.Fetched> fetched = fetch.first(candidates, step, "protected-resource metadata");
        List<String> plugins = new ArrayList<>();
        ProtectedResourceMetadata prm;
        if (fetched.isPresent()) {
            Set<String> acceptable = fetched.get().url().equals(root) ? Set.of(resource, origin) : Set.of(resource);
            prm = ProtectedResourceMetadataReader.read(fetched.get(), resource, acceptable);
        } else {
            Optional<ProtectedResourceMetadata> supplied = hooks.supplyResourceMetadata(scope, plugins::add);
            if (supplied.isEmpty()) {
                return legacyEntry(resource, origin, candidates, key);
            }
            prm = supplied.get();
        }
        prm = hooks.patchResourceMetadata(prm, scope, plugins::add);
        plugins.forEach(step::plugin);
        ResourceEntry entry = new ResourceEntry(prm, false);
        remember(resources, key, entry, fetched.map(MetadataFetch.Fetched::ttl).orElse(maxTtl), plugins);
        return entry;
    }

    private static List<URI> wellKnownPrm(String resource, String origin) {
        String path = URI.create(resource).getRawPath();
        URI root = URI.create(origin + PRM_PATH);
        return path == null || path.isEmpty() || path.equals("/") ? List.of(root) : List.of(URI.create(origin + PRM_PATH + path), root);
    }

    private ResourceEntry legacyEntry(String resource, String origin, List<URI> tried, String key) {
        if (!legacyEnabled) {
            throw FlowFailure.upstream("discovery_failed", "no protected-resource metadata at " + tried.stream()
                    .map(URI::toString).reduce((a, b) -> a + ", " + b).orElse("")
                    + "; the server does not implement MCP authorization (2025-06-18 or later)");
        }
        ResourceEntry entry = new ResourceEntry(new ProtectedResourceMetadata(resource, List.of(origin), List.of(),
                URI.create(origin)), true);
        remember(resources, key, entry, maxTtl, List.of());
        return entry;
    }

    private AuthorizationServerMetadata authorizationServer(String issuer, Timeline.Recorder step, List<String> notes,
                                                            Optional<ProviderScope> scope) {
        String key = issuerKey(issuer, scope);
        Cached<AuthorizationServerMetadata> cached = issuers.getIfPresent(key);
        if (cached != null) {
            notes.add("authorization server metadata from cache");
            cached.plugins().forEach(step::plugin);
            return cached.value();
        }
        List<URI> candidates = AuthorizationServerLocations.of(issuer);
        Optional<MetadataFetch.Fetched> fetched = fetch.first(candidates, step, "authorization server metadata");
        Optional<AuthorizationServerMetadata> parsed = fetched.map(f -> reader.parse(f, List.of()));
        List<String> plugins = new ArrayList<>();
        if (scope.isPresent() && parsed.filter(m -> m.issuer().equals(issuer)).isEmpty()) {
            // Absent, or naming another issuer: a plugin may supply static metadata instead.
            Optional<AuthorizationServerMetadata> supplied = hooks.supplyAuthorizationServer(issuer, scope.get(),
                    plugins::add);
            parsed = supplied.isPresent() ? supplied : parsed;
        }
        AuthorizationServerMetadata metadata = parsed.orElseThrow(() -> FlowFailure.upstream("discovery_failed",
                "no authorization server metadata for " + issuer + " at "
                        + String.join(", ", candidates.stream().map(URI::toString).toList())));
        if (scope.isPresent()) {
            metadata = hooks.patchAuthorizationServer(metadata, scope.get(), plugins::add);
        }
        reader.check(metadata, metadata.fetchedFrom(), Optional.of(issuer));
        plugins.forEach(step::plugin);
        remember(issuers, key, metadata, fetched.map(MetadataFetch.Fetched::ttl).orElse(maxTtl), plugins);
        return metadata;
    }

    /** The issuer's cache key: documents patched by different plugins are different documents. */
    private String issuerKey(String issuer, Optional<ProviderScope> scope) {
        return scope.map(s -> issuer + " " + hooks.applicableIds(s.withIssuer(issuer))).orElse(issuer + " ");
    }

    private AuthorizationServerMetadata legacyServer(String origin, Timeline.Recorder step, List<String> notes) {
        String key = "legacy " + origin;
        Cached<AuthorizationServerMetadata> cached = issuers.getIfPresent(key);
        if (cached != null) {
            notes.add("legacy authorization server from cache");
            return cached.value();
        }
        LegacyDiscovery.Discovered found = legacy.discover(origin, step);
        notes.addAll(found.metadata().relaxations());
        remember(issuers, key, found.metadata(), found.ttl() == null ? maxTtl : found.ttl(), List.of());
        return found.metadata();
    }

    private static <V> void remember(Cache<String, Cached<V>> cache, String key, V value, Duration ttl,
                                     List<String> plugins) {
        if (!ttl.isZero() && !ttl.isNegative()) {
            cache.put(key, new Cached<>(value, ttl, List.copyOf(plugins)));
        }
    }

    private static <V> Cache<String, Cached<V>> cache(Ticker ticker) {
        return Caffeine.newBuilder().maximumSize(10_000).ticker(ticker).expireAfter(new Expiry<String, Cached<V>>() {
            @Override
            public long expireAfterCreate(String key, Cached<V> value, long now) {
                return value.ttl().toNanos();
            }

            @Override
            public long expireAfterUpdate(String key, Cached<V> value, long now, long current) {
                return value.ttl().toNanos();
            }

            @Override
            public long expireAfterRead(String key, Cached<V> value, long now, long current) {
                return current;
            }
        }).build();
    }

    private record Cached<V>(V value, Duration ttl, List<String> plugins) {
    }

    /** Protected-resource metadata, or the marker that the server is a legacy one without it. */
    private record ResourceEntry(ProtectedResourceMetadata metadata, boolean legacy) {
    }
}
