package dev.latchkey.registration;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.protocol.ClientCredentialsClient.AuthMethod;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's client-credentials clients: found by tenant, subject and server; refused at start when unusable. */
class ClientCredentialsClientsTest {

    @Test
    void aClientIsFoundByTenantSubjectAndTheServersCanonicalUrl() {
        ClientCredentialsClients clients = new ClientCredentialsClients(List.of(
                entry("acme", "HTTPS://MCP.example.com:443/mcp", "m2m", "client_secret_basic", "s3cret", null)));

        ClientCredentialsClient found = clients.forSubject("acme", "client:m2m", URI.create("https://mcp.example.com/mcp"))
                .orElseThrow();
        assertThat(found.serverUrl()).isEqualTo("https://mcp.example.com/mcp");
        assertThat(found.authMethod()).isEqualTo(AuthMethod.CLIENT_SECRET_BASIC);
        assertThat(ClientCredentialsClients.isRef(found.ref())).isTrue();
        assertThat(found.ref().length()).isLessThanOrEqualTo(40);
        assertThat(clients.byRef(found.ref())).contains(found);
        assertThat(clients.forSubject("other", "client:m2m", URI.create("https://mcp.example.com/mcp"))).isEmpty();
        assertThat(clients.forSubject("acme", "m2m", URI.create("https://mcp.example.com/mcp"))).isEmpty();
        assertThat(clients.forSubject("acme", "client:m2m", URI.create("https://mcp.example.com/other"))).isEmpty();
        assertThat(found.toString()).doesNotContain("s3cret");
        assertThat(ClientCredentialsClients.isRef("pre_abc")).isFalse();
    }

    @Test
    void privateKeyJwtTakesAPrivateJwkAndNeverShowsIt() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        ClientCredentialsClient client = new ClientCredentialsClients(List.of(entry("acme", "https://mcp.example.com/mcp",
                "m2m", "private_key_jwt", null, key.toJSONString()))).all().get(0);
        assertThat(client.signingKey()).hasValueSatisfying(signing -> {
            try {
                assertThat(signing.key()).isEqualTo(key.toECPrivateKey());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(client.toString()).doesNotContain(key.getD().toString());
    }

    @Test
    void unusableEntriesStopTheStartWithoutEchoingSecrets() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        assertThatThrownBy(() -> clients(entry("acme", "https://mcp.example.com/mcp", "m2m", "client_secret_post",
                "s3cret", null))).hasMessageContaining("authMethod must be client_secret_basic or private_key_jwt")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> clients(entry("acme", "https://mcp.example.com/mcp", "m2m", "client_secret_basic",
                null, null))).hasMessageContaining("needs a clientSecret");
        assertThatThrownBy(() -> clients(entry("acme", "https://mcp.example.com/mcp", "m2m", "private_key_jwt",
                null, key.toPublicJWK().toJSONString()))).hasMessageContaining("needs a private JWK");
        assertThatThrownBy(() -> clients(entry("acme", "https://mcp.example.com/mcp", "m2m", "private_key_jwt",
                null, "{not json " + key.getD()))).hasMessageContaining("privateKey is not a JWK")
                .hasMessageNotContaining(key.getD().toString());
    }

    private static ClientCredentialsClients clients(ClientCredentialsEntry entry) {
        return new ClientCredentialsClients(List.of(entry));
    }

    private static ClientCredentialsEntry entry(String tenant, String serverUrl, String clientId, String method,
                                                String secret, String jwk) {
        ClientCredentialsEntry entry = new ClientCredentialsEntry();
        entry.setTenant(tenant);
        entry.setServerUrl(serverUrl);
        entry.setClientId(clientId);
        entry.setAuthMethod(method);
        entry.setClientSecret(secret);
        entry.setPrivateKey(jwk);
        entry.setScopes(List.of("mcp:tools"));
        return entry;
    }
}
