package dev.latchkey.spi;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plugin is asked to match in {@link ProviderPlugin#appliesTo(ProviderTarget)}: the MCP
 * server, and its authorization server's issuer once discovery has found it.
 *
 * @param serverUrl the MCP server URL as configured
 * @param host      the server's host, lower case
 * @param issuer    the authorization server issuer, exactly as advertised; empty before discovery
 */
public record ProviderTarget(URI serverUrl, String host, Optional<String> issuer) {

    /** Validates the URL and that {@code host} is the URL's host in lower case. */
    public ProviderTarget {
        Checks.absolute(serverUrl, "serverUrl");
        Objects.requireNonNull(host, "host");
        if (!host.equals(serverUrl.getHost().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("host must be the server URL's host in lower case");
        }
        Checks.optional(issuer, "issuer");
    }

    /** A target for a server whose issuer is not known yet. */
    public static ProviderTarget of(URI serverUrl) {
        Checks.absolute(serverUrl, "serverUrl");
        return new ProviderTarget(serverUrl, serverUrl.getHost().toLowerCase(Locale.ROOT), Optional.empty());
    }

    /** Returns a copy with the discovered issuer. */
    public ProviderTarget withIssuer(String newIssuer) {
        return new ProviderTarget(serverUrl, host, Optional.of(Checks.absoluteUriString(newIssuer, "issuer")));
    }

    /** Whether the host is {@code domain} or one of its subdomains, e.g. {@code slack.com}. */
    public boolean hostIsWithin(String domain) {
        String d = Objects.requireNonNull(domain, "domain").toLowerCase(Locale.ROOT);
        return host.equals(d) || host.endsWith("." + d);
    }
}
