package dev.latchkey.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ClientMetadataResourceTest {

    private static final TestApp APP = TestApp.h2(TempDirs.create("cimd"));
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void servesTheClientMetadataDocumentPublicly() {
        Response response = EXT.client().target(APP.baseUrl() + "/oauth/client-metadata.json").request().get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("max-age=300");
        Map<String, Object> doc = response.readEntity(new GenericType<Map<String, Object>>() { });
        String url = APP.baseUrl() + "/oauth/client-metadata.json";
        assertThat(doc).containsEntry("client_id", url).containsEntry("client_name", "Latchkey")
                .containsEntry("redirect_uris", List.of(APP.baseUrl() + "/oauth/callback"))
                .containsEntry("grant_types", List.of("authorization_code", "refresh_token"))
                .containsEntry("response_types", List.of("code"))
                .containsEntry("token_endpoint_auth_method", "none")
                .containsEntry("application_type", "web")
                .doesNotContainKeys("client_secret");
    }

    @Test
    void theDocumentIsUsableAsAClientIdOnlyOverHttpsOutsideDevelopment() {
        RegistrationFactory config = new RegistrationFactory();
        ClientMetadataDocument local = ClientMetadataDocument.of(URI.create(APP.baseUrl()), config);
        assertThat(local.usable(true)).isTrue();
        assertThat(local.usable(false)).isFalse();
        assertThat(ClientMetadataDocument.of(URI.create("https://latchkey.example/"), config).usable(false)).isTrue();
        config.setClientMetadataUrl(URI.create("https://latchkey.example"));
        assertThat(ClientMetadataDocument.of(URI.create("https://latchkey.example/"), config).usable(false)).isFalse();
    }
}
