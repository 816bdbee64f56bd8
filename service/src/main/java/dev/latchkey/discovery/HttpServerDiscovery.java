package dev.latchkey.discovery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.protocol.Timeline;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private static final String LEGACY = "legacy ";

    private final MetadataFetch fetch;
    private final ChallengeConfirmation confirmation;
    private final AuthorizationServerMetadataReader reader;
    private final LegacyDiscovery legacy;
    private final boolean legacyEnabled;
    private final Duration maxTtl;
    private final Duration deadlineTotal;
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
        this.deadlineTotal = java.time.Duration.ofMillis(config.getDeadline().toMilliseconds());
        this.fetch = new MetadataFetch(http, maxTtl);
        this.confirmation = new ChallengeConfirmation(http);
        this.reader = new AuthorizationServerMetadataReader(developmentMode);
        this.legacy = new LegacyDiscovery(fetch, reader);
        this.legacyEnabled = config.isLegacy2025();
        this.resources = cache(ticker);
        this.issuers = cache(ticker);
    }

    @Override
    public DiscoveredServer discover(URI serverUrl, Challenge challenge, Timeline timeline) {
        return discover(serverUrl, challenge, timeline, false);
    }

    @Override
    public DiscoveredServer rediscover(URI serverUrl, Challenge challenge, Timeline timeline) {
        return discover(serverUrl, challenge, timeline, true);
    }

    private DiscoveredServer discover(URI serverUrl, Challenge challenge, Timeline timeline, boolean fresh) {
        String resource = ResourceUris.canonical(serverUrl);
        Timeline.Recorder step = timeline.start(Timeline.DISCOVERY);
        ProviderScope scope = timeline.scope().orElseGet(() -> ProviderScope.of(serverUrl, resource, "discovery", null));
        try {
            List<String> notes = new ArrayList<>();
            Deadline deadline = Deadline.after(deadlineTotal);
            ResourceEntry entry = resourceEntry(serverUrl, resource, challenge, fresh, step, notes, scope, deadline);
            AuthorizationServerMetadata as = entry.legacy()
                    ? legacyServer(ResourceUris.origin(serverUrl), step, notes, scope.tenant(), deadline)
                    : authorizationServer(entry.metadata().authorizationServers().get(0), step, notes, Optional.of(scope),
                    deadline);
            DiscoveredServer found = new DiscoveredServer(serverUrl, resource,
                    entry.legacy() ? new ProtectedResourceMetadata(resource, List.of(as.issuer()), List.of(),
                            entry.metadata().fetchedFrom()) : entry.metadata(), as);
            step.ok("issuer " + as.issuer() + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
            return found;
        } catch (Failure failure) {
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
        // A legacy server is known by its origin, which is its issuer here: nothing else can match it.
        Cached<AuthorizationServerMetadata> legacyCached = issuers.getIfPresent(LEGACY + issuer);
        if (legacyCached != null) {
            return legacyCached.value();
        }
        Timeline.Recorder step = timeline.start(Timeline.DISCOVERY);
        Deadline deadline = Deadline.after(deadlineTotal);
        try {
            AuthorizationServerMetadata metadata = legacyEnabled && ResourceUris.isOrigin(issuer)
                    ? viaStandardOrLegacy(issuer, step, timeline.scope(), deadline)
                    : authorizationServer(issuer, step, new ArrayList<>(), timeline.scope(), deadline);
            step.ok("issuer " + issuer);
            return metadata;
        } catch (Failure failure) {
            step.failed(failure);
            throw failure;
        }
    }

    /** An origin-named issuer after its legacy entry expired: found again the way it was found first. */
    private AuthorizationServerMetadata viaStandardOrLegacy(String issuer, Timeline.Recorder step,
                                                            Optional<ProviderScope> scope, Deadline deadline) {
        try {
            return authorizationServer(issuer, step, new ArrayList<>(), scope, deadline);
        } catch (Failure standardFailed) {
            return legacyServer(issuer, step, new ArrayList<>(), scope.flatMap(ProviderScope::tenant), deadline);
        }
    }

    /** Forgets what was learned about a server (e.g. after its authorization server moved). */
    public void forget(URI serverUrl) {
        String resource = ResourceUris.canonical(serverUrl) + " ";
        resources.asMap().keySet().removeIf(key -> key.startsWith(resource));
    }

    private ResourceEntry resourceEntry(URI serverUrl, String resource, Challenge challenge, boolean fresh,
                                        Timeline.Recorder step, List<String> notes, ProviderScope scope,
                                        Deadline deadline) {
        String origin = ResourceUris.origin(serverUrl);
        URI root = URI.create(origin + PRM_PATH);
        List<URI> candidates = challenge.resourceMetadata().map(List::of).orElseGet(() -> wellKnownPrm(resource, origin));
        String key = sharedResourceKey(resource, scope, challenge, origin);
        // A URL on another origin than the server's is the caller's word until the server names it too.
        Optional<URI> callersWord = challenge.resourceMetadata()
                .filter(named -> !ResourceUris.sameOrigin(named, URI.create(origin)));
        Optional<String> tenantKey = callersWord.map(named -> key + " tenant " + scope.tenant().orElse(""));
        Cached<ResourceEntry> cached = tenantKey.map(resources::getIfPresent).orElse(null);
        cached = cached != null ? cached : resources.getIfPresent(key);
        if (cached != null && !fresh) {
            fromCache(cached, step, notes, "protected-resource metadata", scope.tenant());
            return cached.value();
        }
        Optional<MetadataFetch.Fetched> fetched = fetch.first(candidates, step, "protected-resource metadata",
                deadline);
        List<String> plugins = new ArrayList<>();
        ProtectedResourceMetadata prm;
        if (fetched.isPresent()) {
            Set<String> acceptable = fetched.get().url().equals(root) ? Set.of(resource, origin) : Set.of(resource);
            prm = ProtectedResourceMetadataReader.read(fetched.get(), resource, acceptable);
        } else {
            Optional<ProtectedResourceMetadata> supplied = hooks.supplyResourceMetadata(scope, plugins::add);
            if (supplied.isEmpty()) {
                return legacyEntry(resource, origin, candidates, tenantKey.orElse(key), scope.tenant());
            }
            prm = supplied.get();
        }
        prm = hooks.patchResourceMetadata(prm, scope, plugins::add);
        plugins.forEach(step::plugin);
        ResourceEntry entry = new ResourceEntry(prm, false);
        boolean shared = callersWord.isEmpty() || confirmation.confirms(serverUrl, callersWord.get(), deadline);
        if (callersWord.isPresent()) {
            notes.add(shared ? "the server's own challenge names " + callersWord.get()
                    : "resource metadata named by the caller only; used for this tenant's flows alone");
        }
        remember(resources, shared ? key : tenantKey.orElseThrow(), entry,
                fetched.map(MetadataFetch.Fetched::ttl).orElse(maxTtl), plugins, tried(candidates, fetched),
                scope.tenant());
        return entry;
    }

    /**
     * Where a server's document is cached for everyone: by resource and the plugins that patch it
     * (their patches are part of it) and by where it came from — a {@code resource_metadata} URL from
     * the caller's challenge is part of the key, so nothing learned from it answers a request that did
     * not name it.
     */
    private String sharedResourceKey(String resource, ProviderScope scope, Challenge challenge, String origin) {
        String key = resource + " " + hooks.applicableIds(scope);
        Optional<URI> named = challenge.resourceMetadata();
        return named.isEmpty() || wellKnownPrm(resource, origin).contains(named.get()) ? key : key + " " + named.get();
    }

    /** The URLs a fetch tried up to the one that answered (all of them when none did). */
    private static List<URI> tried(List<URI> candidates, Optional<MetadataFetch.Fetched> fetched) {
        int found = fetched.map(f -> candidates.indexOf(f.url())).orElse(-1);
        return found < 0 ? candidates : candidates.subList(0, found + 1);
    }

    /**
     * Reuses a cached document. A tenant that has not learned it itself sees the steps of the fetch
     * that did, so a timeline never tells one tenant what another has been doing.
     */
    private static void fromCache(Cached<?> cached, Timeline.Recorder step, List<String> notes, String what,
                                  Optional<String> tenant) {
        cached.plugins().forEach(step::plugin);
        if (tenant.isPresent() && cached.learnedBy().add(tenant.get())) {
            cached.tried().forEach(step::tried);
            return;
        }
        notes.add(what + " from cache");
    }

    private static List<URI> wellKnownPrm(String resource, String origin) {
        String path = URI.create(resource).getRawPath();
        URI root = URI.create(origin + PRM_PATH);
        return path == null || path.isEmpty() || path.equals("/") ? List.of(root) : List.of(URI.create(origin + PRM_PATH + path), root);
    }

    private ResourceEntry legacyEntry(String resource, String origin, List<URI> tried, String key,
                                      Optional<String> tenant) {
        if (!legacyEnabled) {
            throw Failure.upstream("discovery_failed", "no protected-resource metadata at " + tried.stream()
                    .map(URI::toString).reduce((a, b) -> a + ", " + b).orElse("")
                    + "; the server does not implement MCP authorization (2025-06-18 or later)");
        }
        ResourceEntry entry = new ResourceEntry(new ProtectedResourceMetadata(resource, List.of(origin), List.of(),
                URI.create(origin)), true);
        remember(resources, key, entry, maxTtl, List.of(), tried, tenant);
        return entry;
    }

    private AuthorizationServerMetadata authorizationServer(String issuer, Timeline.Recorder step, List<String> notes,
                                                            Optional<ProviderScope> scope, Deadline deadline) {
        String key = issuerKey(issuer, scope);
        Cached<AuthorizationServerMetadata> cached = issuers.getIfPresent(key);
        if (cached != null) {
            fromCache(cached, step, notes, "authorization server metadata", scope.flatMap(ProviderScope::tenant));
            return cached.value();
        }
        List<URI> candidates = AuthorizationServerLocations.of(issuer);
        Optional<MetadataFetch.Fetched> fetched = fetch.first(candidates, step, "authorization server metadata",
                deadline);
        Optional<AuthorizationServerMetadata> parsed = fetched.map(f -> reader.parse(f, List.of()));
        List<String> plugins = new ArrayList<>();
        if (scope.isPresent() && parsed.filter(m -> m.issuer().equals(issuer)).isEmpty()) {
            // Absent, or naming another issuer: a plugin may supply static metadata instead.
            Optional<AuthorizationServerMetadata> supplied = hooks.supplyAuthorizationServer(issuer, scope.get(),
                    plugins::add);
            parsed = supplied.isPresent() ? supplied : parsed;
        }
        AuthorizationServerMetadata metadata = parsed.orElseThrow(() -> Failure.upstream("discovery_failed",
                "no authorization server metadata for " + issuer + " at "
                        + String.join(", ", candidates.stream().map(URI::toString).toList())));
        if (scope.isPresent()) {
            metadata = hooks.patchAuthorizationServer(metadata, scope.get(), plugins::add);
        }
        reader.check(metadata, metadata.fetchedFrom(), Optional.of(issuer));
        plugins.forEach(step::plugin);
        remember(issuers, key, metadata, fetched.map(MetadataFetch.Fetched::ttl).orElse(maxTtl), plugins,
                tried(candidates, fetched), scope.flatMap(ProviderScope::tenant));
        return metadata;
    }

    /** The issuer's cache key: documents patched by different plugins are different documents. */
    private String issuerKey(String issuer, Optional<ProviderScope> scope) {
        return scope.map(s -> issuer + " " + hooks.applicableIds(s.withIssuer(issuer))).orElse(issuer + " ");
    }

    private AuthorizationServerMetadata legacyServer(String origin, Timeline.Recorder step, List<String> notes,
                                                     Optional<String> tenant, Deadline deadline) {
        String key = LEGACY + origin;
        Cached<AuthorizationServerMetadata> cached = issuers.getIfPresent(key);
        if (cached != null) {
            fromCache(cached, step, notes, "legacy authorization server", tenant);
            return cached.value();
        }
        LegacyDiscovery.Discovered found = legacy.discover(origin, step, deadline);
        found.metadata().relaxations().forEach(r -> notes.add(r.text()));
        remember(issuers, key, found.metadata(), found.ttl() == null ? maxTtl : found.ttl(), List.of(),
                List.of(URI.create(origin + "/.well-known/oauth-authorization-server")), tenant);
        return found.metadata();
    }

    private static <V> void remember(Cache<String, Cached<V>> cache, String key, V value, Duration ttl,
                                     List<String> plugins, List<URI> tried, Optional<String> tenant) {
        if (!ttl.isZero() && !ttl.isNegative()) {
            Set<String> learnedBy = ConcurrentHashMap.newKeySet();
            tenant.ifPresent(learnedBy::add);
            cache.put(key, new Cached<>(value, ttl, List.copyOf(plugins), List.copyOf(tried), learnedBy));
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

    /** A cached document, the plugins that shaped it, the URLs its fetch tried and the tenants that have seen it. */
    private record Cached<V>(V value, Duration ttl, List<String> plugins, List<URI> tried, Set<String> learnedBy) {
    }

    /** Protected-resource metadata, or the marker that the server is a legacy one without it. */
    private record ResourceEntry(ProtectedResourceMetadata metadata, boolean legacy) {
    }
}
