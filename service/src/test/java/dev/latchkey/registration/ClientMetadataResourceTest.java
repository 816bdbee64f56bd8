package dev.latchkey.registration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DropwizardExtensionsSupport.class)
class ClientMetadataResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp APP = TestApp.h2(TempDirs.create("cimd"));
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void servesTheClientMetadataDocumentPublicly() throws Exception {
        HttpResponse<String> response = Http.get(APP.baseUrl() + "/oauth/client-metadata.json", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("max-age=300");
        Map<String, Object> doc = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
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
