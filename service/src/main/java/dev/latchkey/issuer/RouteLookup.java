package dev.latchkey.issuer;

import java.util.Optional;

/** The gateway route {@code slug} of a tenant: the registered server's name, if the tenant has one. */
@FunctionalInterface
public interface RouteLookup {

    Optional<String> serverName(String tenant, String slug);
}
