package dev.latchkey.registration;

import dev.latchkey.protocol.RegisteredClient;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreRegisteredClientsTest {

    private static final URI REDIRECT = URI.create("http://127.0.0.1:8080/oauth/callback");

    private static RegistrationFactory.PreRegistered entry(String issuer, String clientId) {
        RegistrationFactory.PreRegistered entry = new RegistrationFactory.PreRegistered();
        entry.setIssuer(issuer);
        entry.setClientId(clientId);
        entry.setClientSecret("secret-" + clientId);
        return entry;
    }

    @Test
    void theWildcardServesAnyIssuerWithoutAnExactEntryInDevelopmentMode() {
        PreRegisteredClients clients = new PreRegisteredClients(List.of(entry("https://as.example.com", "exact"),
                entry("*", "any")), Clock.systemUTC(), true);

        RegisteredClient exact = clients.forIssuer("https://as.example.com", REDIRECT).orElseThrow();
        RegisteredClient other = clients.forIssuer("http://localhost:4000", REDIRECT).orElseThrow();

        assertThat(exact.clientId()).isEqualTo("exact");
        assertThat(other.clientId()).isEqualTo("any");
        assertThat(other.issuer()).isEqualTo("http://localhost:4000");
        assertThat(clients.byRef(other.ref(), REDIRECT)).hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("any"));
    }

    @Test
    void withoutTheWildcardOnlyTheExactIssuerMatches() {
        PreRegisteredClients clients = new PreRegisteredClients(List.of(entry("https://as.example.com", "exact")),
                Clock.systemUTC(), false);

        assertThat(clients.forIssuer("https://as.example.com/", REDIRECT)).isEmpty();
    }

    @Test
    void theWildcardIsRefusedOutsideDevelopmentMode() {
        assertThatThrownBy(() -> new PreRegisteredClients(List.of(entry("*", "any")), Clock.systemUTC(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("development mode");
    }
}
