package dev.latchkey.protocol;

import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderTarget;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts the engine knows about one piece of work when it asks plugins: the MCP server, its
 * canonical resource, the issuer once discovered, the flow (or refresh / revocation) id for
 * correlation and, where there is one, the tenant. Engine-side only; plugins see a
 * {@link ProviderContext}.
 */
public record ProviderScope(URI serverUrl, String resource, Optional<String> issuer, String correlationId,
                            Optional<String> tenant) {

    public ProviderScope {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(tenant, "tenant");
    }

    public static ProviderScope of(URI serverUrl, String resource, String correlationId, String tenant) {
        return new ProviderScope(serverUrl, resource, Optional.empty(), correlationId, Optional.ofNullable(tenant));
    }

    public ProviderScope withIssuer(String newIssuer) {
        return new ProviderScope(serverUrl, resource, Optional.of(newIssuer), correlationId, tenant);
    }

    public ProviderTarget target() {
        ProviderTarget target = ProviderTarget.of(serverUrl);
        return issuer.map(target::withIssuer).orElse(target);
    }

    public ProviderContext context(PluginConfig config) {
        return new ProviderContext(serverUrl, resource, issuer, correlationId, config);
    }

    /** What a plugin matched: the issuer when known, else the server's host. */
    public String matchedName() {
        return issuer.orElse(serverUrl.getHost());
    }
}
