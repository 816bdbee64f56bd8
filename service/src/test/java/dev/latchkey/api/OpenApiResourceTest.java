package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.ResourceTier;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/openapi.json}: the document, as JSON, to anyone (no API key), naming this instance as its server. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiResourceTest {

    private static final ResourceTier TIER = ResourceTier.onH2("openapi-resource");
    static final ResourceExtension API = TIER.extension(new OpenApiResource(
            OpenApiResource.servedAt(URI.create("https://latchkey.example.com/"))));

    @AfterAll
    static void close() throws Exception {
        TIER.close();
    }

    @Test
    void theDocumentIsServedAsJsonWithoutAKey() throws Exception {
        Response response = API.target("/v1/openapi.json").request().get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType().toString()).startsWith("application/json");
        JsonNode document = new ObjectMapper().readTree(response.readEntity(String.class));
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("paths").has("/v1/flows")).isTrue();
        assertThat(document.path("paths")).isEqualTo(OpenApiResource.load().path("paths"));
        assertThat(document.at("/servers/0/url").asText()).as("where this instance is reached")
                .isEqualTo("https://latchkey.example.com");
        assertThat(document.path("servers")).hasSize(1);
    }
}
