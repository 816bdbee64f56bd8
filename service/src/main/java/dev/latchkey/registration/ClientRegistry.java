package dev.latchkey.registration;

import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.Timeline;
import java.net.URI;
import java.util.Optional;

/**
 * Obtains Latchkey's client at an authorization server, in the order pre-registered, Client ID
 * Metadata Document, dynamic registration; persisted and reused per (issuer, redirect URI).
 * Fails with a {@link dev.latchkey.protocol.Failure}: {@code registration_unavailable} (nothing
 * configured and nothing offered), {@code registration_failed}.
 */
public interface ClientRegistry {

    RegisteredClient obtain(AuthorizationServerMetadata authorizationServer, URI redirectUri, Timeline timeline);

    /** A stored client by its reference, with its secret opened. */
    Optional<RegisteredClient> find(String ref);

    /** Forgets a client the authorization server no longer accepts ({@code invalid_client}). */
    void invalidate(String ref);

    /**
     * Forgets a stored client at an operator's request, so that the next flow obtains one anew;
     * audited as the operator. False when unknown (pre-registered clients live in the configuration).
     */
    boolean invalidateByOperator(String ref, String operator);
}
