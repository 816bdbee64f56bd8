package dev.latchkey.spi;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only facts the engine passes to every hook alongside the record being customised.
 *
 * @param serverUrl         the MCP server URL as configured
 * @param canonicalResource the server's canonical resource URI (RFC 8707), the key Latchkey finds
 *                          connections by; the {@code resource} a request proposes is the
 *                          identifier exactly as the protected-resource metadata publishes it,
 *                          which may be spelled otherwise or be the server's origin
 * @param issuer            the authorization server issuer once known; empty during protected
 *                          resource metadata discovery
 * @param flowId            the id of the authorization flow, or of the background operation
 *                          (refresh, revocation), for correlating plugin logs with the audit log
 * @param config            this plugin's configuration
 */
public record ProviderContext(URI serverUrl, String canonicalResource, Optional<String> issuer,
                              String flowId, PluginConfig config) {

    /** Validates that every fact is present and well formed. */
    public ProviderContext {
        Checks.absolute(serverUrl, "serverUrl");
        Checks.absoluteUriString(canonicalResource, "canonicalResource");
        Checks.optional(issuer, "issuer");
        Checks.nonBlank(flowId, "flowId");
        Objects.requireNonNull(config, "config");
    }

    /** Returns a copy with the issuer the engine has now validated. */
    public ProviderContext withIssuer(String newIssuer) {
        return new ProviderContext(serverUrl, canonicalResource,
                Optional.of(Checks.absoluteUriString(newIssuer, "issuer")), flowId, config);
    }

    /** The target this context describes, as passed to {@link ProviderPlugin#appliesTo}. */
    public ProviderTarget target() {
        ProviderTarget target = ProviderTarget.of(serverUrl);
        return issuer.map(target::withIssuer).orElse(target);
    }
}
