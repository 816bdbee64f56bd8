package dev.latchkey.registration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.Timeline;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a flow's registration step says. Clients are shared per authorization server, so a tenant's
 * first use of one reads as the registration itself (the endpoint it came from and how), whoever
 * registered it; only the tenant's own later uses say it was reused. A timeline then never tells
 * one tenant that another used the server before.
 */
final class RegistrationNotes {

    private final Cache<String, Set<String>> seenBy = Caffeine.newBuilder().maximumSize(10_000).build();
    private final ClientMetadataDocument document;

    RegistrationNotes(ClientMetadataDocument document) {
        this.document = document;
    }

    /** Where a client of this method comes from: the registration endpoint, the document, or the issuer. */
    URI source(RegisteredClient.Method method, AuthorizationServerMetadata as) {
        return switch (method) {
            case CIMD -> document.clientId();
            case DYNAMIC -> as.registrationEndpoint().orElse(URI.create(as.issuer()));
            case PRE_REGISTERED -> URI.create(as.issuer());
        };
    }

    void registered(Timeline.Recorder step, String ref, RegisteredClient.Method method, String authMethod,
                    AuthorizationServerMetadata as, Optional<String> tenant) {
        tenant.ifPresent(t -> seen(ref).add(t));
        step.ok("client by " + method.code() + " at " + source(method, as) + " (" + authMethod + ")");
    }

    void reused(Timeline.Recorder step, String ref, RegisteredClient.Method method, String authMethod,
                AuthorizationServerMetadata as, Optional<String> tenant) {
        if (tenant.isPresent() && seen(ref).add(tenant.get())) {
            if (method != RegisteredClient.Method.PRE_REGISTERED) {
                step.tried(source(method, as));
            }
            step.ok("client by " + method.code() + " at " + source(method, as) + " (" + authMethod + ")");
            return;
        }
        step.ok("reused the stored " + method.code() + " client for " + as.issuer());
    }

    private Set<String> seen(String ref) {
        return seenBy.get(ref, k -> ConcurrentHashMap.newKeySet());
    }
}
