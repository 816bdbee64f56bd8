package dev.latchkey.registration;

import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.ClientIdMetadataDocument;
import dev.latchkey.spi.PreRegisteredClient;
import dev.latchkey.spi.RegistrationChoice;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to obtain a client when none is stored: the engine proposes CIMD, else dynamic registration,
 * else nothing; the provider plugins that apply may swap the proposal (typically for credentials
 * from their config) or adjust the registration request.
 */
final class RegistrationChoices {

    /** What to do: the method, and the credentials (pre-registered) or request (dynamic) it needs. */
    record Decision(RegisteredClient.Method method, Optional<Issued> credentials,
                    Optional<dev.latchkey.spi.DynamicRegistration> request) {
    }

    private final ProviderHooks hooks;
    private final String clientName;
    private final Consumer<String> withheld;

    /** {@code withheld} hears of each issuer whose plugin-offered credentials were not handed out. */
    RegistrationChoices(ProviderHooks hooks, String clientName, Consumer<String> withheld) {
        this.hooks = hooks;
        this.clientName = clientName;
        this.withheld = withheld;
    }

    Decision decide(AuthorizationServerMetadata as, boolean cimdUsable, Optional<ProviderScope> scope,
                    Consumer<String> acted) {
        Optional<RegistrationChoice> proposed = proposal(as, cimdUsable);
        Optional<RegistrationChoice> chosen = scope.map(s -> hooks.chooseRegistration(proposed, as, s, acted))
                .orElse(proposed);
        if (chosen.filter(choice -> choice instanceof PreRegisteredClient pre && !pre.belongsTo(as.issuer()))
                .isPresent()) {
            // A plugin matched by host (or a careless one) offered credentials of another server: never sent.
            withheld.accept(as.issuer());
            chosen = proposed;
            if (chosen.isEmpty()) {
                throw Failure.upstream("credentials_not_for_issuer", "the provider plugin's client credentials"
                        + " belong to other authorization servers, not " + as.issuer() + ", which offers neither"
                        + " dynamic registration nor Client ID Metadata Documents; Latchkey sends credentials only"
                        + " to the issuers they are bound to (the plugin's or profile's issuers)");
            }
        }
        if (chosen.isEmpty()) {
            throw Failure.upstream("registration_unavailable", "the authorization server " + as.issuer()
                    + " offers neither dynamic registration nor Client ID Metadata Documents; configure a"
                    + " pre-registered client for this issuer (registration.preRegistered with issuer " + as.issuer()
                    + ", a plugins.profiles entry with a clientId, or the provider plugin's client-id)");
        }
        return decision(chosen.get(), as, cimdUsable);
    }

    private Optional<RegistrationChoice> proposal(AuthorizationServerMetadata as, boolean cimdUsable) {
        if (cimdUsable) {
            return Optional.of(new ClientIdMetadataDocument());
        }
        if (as.registrationEndpoint().isPresent()) {
            ClientAuthMethod method = ClientAuthMethod.fromWireName(
                    DynamicRegistration.chooseAuthMethod(as.tokenEndpointAuthMethodsSupported()))
                    .orElse(ClientAuthMethod.CLIENT_SECRET_BASIC);
            return Optional.of(new dev.latchkey.spi.DynamicRegistration(clientName, method,
                    List.of("authorization_code", "refresh_token"), java.util.Map.of()));
        }
        return Optional.empty();
    }

    private static Decision decision(RegistrationChoice choice, AuthorizationServerMetadata as, boolean cimdUsable) {
        if (choice instanceof PreRegisteredClient pre) {
            return new Decision(RegisteredClient.Method.PRE_REGISTERED, Optional.of(new Issued(
                    RegisteredClient.Method.PRE_REGISTERED, pre.clientId(), pre.clientSecret(),
                    pre.authMethod().wireName(), Optional.empty())), Optional.empty());
        }
        if (choice instanceof ClientIdMetadataDocument) {
            if (!cimdUsable) {
                throw Failure.upstream("registration_failed", "a plugin chose a Client ID Metadata Document for "
                        + as.issuer() + ", but Latchkey's document is not usable there");
            }
            return new Decision(RegisteredClient.Method.CIMD, Optional.empty(), Optional.empty());
        }
        var dynamic = (dev.latchkey.spi.DynamicRegistration) choice;
        if (as.registrationEndpoint().isEmpty()) {
            throw Failure.upstream("registration_failed", "a plugin chose dynamic registration at " + as.issuer()
                    + ", which publishes no registration endpoint");
        }
        if (dynamic.tokenEndpointAuthMethod() == ClientAuthMethod.PRIVATE_KEY_JWT) {
            throw Failure.upstream("registration_failed", "a plugin asked to register with private_key_jwt,"
                    + " which Latchkey does not support");
        }
        return new Decision(RegisteredClient.Method.DYNAMIC, Optional.empty(), Optional.of(dynamic));
    }

    /** Whether a stored, plugin-chosen client still matches what the plugins choose now (rotated secrets). */
    static boolean sameCredentials(Decision now, RegisteredClient stored) {
        return now.credentials().filter(c -> c.clientId().equals(stored.clientId())
                && c.clientSecret().equals(stored.clientSecret()) && c.authMethod().equals(stored.authMethod()))
                .isPresent();
    }
}
