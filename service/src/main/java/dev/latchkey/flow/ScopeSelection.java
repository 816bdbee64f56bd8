package dev.latchkey.flow;

import dev.latchkey.discovery.Challenge;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which scopes a flow asks for (MCP authorization §4): the caller's explicit list; else the
 * challenge's; else everything the resource metadata offers; else none. A step-up asks for the
 * union with what the connection already holds. {@code offline_access} is added only when the
 * authorization server lists it, and removed when it does not.
 */
public final class ScopeSelection {

    static final String OFFLINE_ACCESS = "offline_access";

    private ScopeSelection() {
    }

    public static List<String> choose(List<String> explicit, Challenge challenge, List<String> alreadyGranted,
                                      ProtectedResourceMetadata resource, AuthorizationServerMetadata server) {
        Set<String> scopes = new LinkedHashSet<>();
        if (!explicit.isEmpty()) {
            return List.copyOf(new LinkedHashSet<>(explicit));
        }
        if (!challenge.scopes().isEmpty()) {
            scopes.addAll(alreadyGranted);
            scopes.addAll(challenge.scopes());
        } else if (!resource.scopesSupported().isEmpty()) {
            scopes.addAll(resource.scopesSupported());
        }
        boolean offlineOffered = server.scopesSupported().contains(OFFLINE_ACCESS);
        if (offlineOffered && !scopes.isEmpty()) {
            scopes.add(OFFLINE_ACCESS);
        } else if (!offlineOffered) {
            scopes.remove(OFFLINE_ACCESS);
        }
        return List.copyOf(scopes);
    }
}
