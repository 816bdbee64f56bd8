package dev.latchkey.discovery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.latchkey.flow.FlowFailure;
import dev.latchkey.flow.Timeline;
import dev.latchkey.http.OutboundHttp;
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
 * configured TTL, so a warm flow makes no request.
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

    public HttpServerDiscovery(OutboundHttp http, DiscoveryFactory config, boolean developmentMode) {
        this(http, config, developmentMode, Ticker.systemTicker());
    }

    HttpServerDiscovery(OutboundHttp http, DiscoveryFactory config, boolean developmentMode, Ticker ticker) {
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
        try {
            List<String> notes = new ArrayList<>();
            ResourceEntry entry = resourceEntry(serverUrl, resource, challenge, step, notes);
            AuthorizationServerMetadata as = entry.legacy()
                    ? legacyServer(ResourceUris.origin(serverUrl), step, notes)
                    : authorizationServer(entry.metadata().authorizationServers().get(0), step, notes);
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
        Cached<AuthorizationServerMetadata> cached = issuers.getIfPresent(issuer);
        if (cached != null) {
            return cached.value();
        }
        // A legacy-mode server is cached under its origin, not its (mismatching) issuer.
        Optional<AuthorizationServerMetadata> legacyMatch = issuers.asMap().values().stream().map(Cached::value)
                .filter(metadata -> metadata.issuer().equals(issuer)).findFirst();
        if (legacyMatch.isPresent()) {
            return legacyMatch.get();
        }
        Timeline.Recorder step = timeline.start(Timeline.DISCOVERY);
        try {
            AuthorizationServerMetadata metadata = authorizationServer(issuer, step, new ArrayList<>());
            step.ok("issuer " + issuer);
            return metadata;
        } catch (FlowFailure failure) {
            step.failed(failure);
            throw failure;
        }
    }

    /** Forgets what was learned about a server (e.g. after its authorization server moved). */
    public void forget(URI serverUrl) {
        resources.invalidate(ResourceUris.canonical(serverUrl));
    }

    private ResourceEntry resourceEntry(URI serverUrl, String resource, Challenge challenge, Timeline.Recorder step,
                                        List<String> notes) {
        Cached<ResourceEntry> cached = resources.getIfPresent(resource);
        if (cached != null) {
            notes.add("protected-resource metadata from cache");
            return cached.value();
        }
        String origin = ResourceUris.origin(serverUrl);
        URI root = URI.create(origin + PRM_PATH);
        List<URI> candidates = challenge.resourceMetadata().map(List::of).orElseGet(() -> wellKnownPrm(resource, origin));
        Optional<MetadataFetch.Fetched> fetched = fetch.first(candidates, step, "protected-resource metadata");
        if (fetched.isEmpty()) {
            return legacyEntry(resource, origin, candidates);
        }
        Set<String> acceptable = fetched.get().url().equals(root) ? Set.of(resource, origin) : Set.of(resource);
        ProtectedResourceMetadata prm = ProtectedResourceMetadataReader.read(fetched.get(), resource, acceptable);
        ResourceEntry entry = new ResourceEntry(prm, false);
        remember(resources, resource, entry, fetched.get().ttl());
        return entry;
    }

    private static List<URI> wellKnownPrm(String resource, String origin) {
        String path = URI.create(resource).getRawPath();
        URI root = URI.create(origin + PRM_PATH);
        return path == null || path.isEmpty() || path.equals("/") ? List.of(root) : List.of(URI.create(origin + PRM_PATH + path), root);
    }

    private ResourceEntry legacyEntry(String resource, String origin, List<URI> tried) {
        if (!legacyEnabled) {
            throw FlowFailure.upstream("discovery_failed", "no protected-resource metadata at " + tried.stream()
                    .map(URI::toString).reduce((a, b) -> a + ", " + b).orElse("")
                    + "; the server does not implement MCP authorization (2025-06-18 or later)");
        }
        ResourceEntry entry = new ResourceEntry(new ProtectedResourceMetadata(resource, List.of(origin), List.of(),
                URI.create(origin)), true);
        remember(resources, resource, entry, maxTtl);
        return entry;
    }

    private AuthorizationServerMetadata authorizationServer(String issuer, Timeline.Recorder step, List<String> notes) {
        Cached<AuthorizationServerMetadata> cached = issuers.getIfPresent(issuer);
        if (cached != null) {
            notes.add("authorization server metadata from cache");
            return cached.value();
        }
        List<URI> candidates = AuthorizationServerLocations.of(issuer);
        MetadataFetch.Fetched fetched = fetch.first(candidates, step, "authorization server metadata")
                .orElseThrow(() -> FlowFailure.upstream("discovery_failed", "no authorization server metadata for "
                        + issuer + " at " + String.join(", ", candidates.stream().map(URI::toString).toList())));
        AuthorizationServerMetadata metadata = reader.read(fetched, Optional.of(issuer), List.of());
        remember(issuers, issuer, metadata, fetched.ttl());
        return metadata;
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
        remember(issuers, key, found.metadata(), found.ttl() == null ? maxTtl : found.ttl());
        return found.metadata();
    }

    private static <V> void remember(Cache<String, Cached<V>> cache, String key, V value, Duration ttl) {
        if (!ttl.isZero() && !ttl.isNegative()) {
            cache.put(key, new Cached<>(value, ttl));
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

    private record Cached<V>(V value, Duration ttl) {
    }

    /** Protected-resource metadata, or the marker that the server is a legacy one without it. */
    private record ResourceEntry(ProtectedResourceMetadata metadata, boolean legacy) {
    }
}
