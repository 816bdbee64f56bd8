package dev.latchkey.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeInstanceTest {

    private static JsonNode config(Map<String, String> env) throws Exception {
        ProbeOptions options = ProbeOptions.from(new ProbeOptions.Raw("http://localhost:3000/mcp", null, false, null,
                null, null, null, false, null, null, null), env);
        return new ObjectMapper(new YAMLFactory()).readTree(ProbeInstance.configYaml(options, Path.of("/tmp/x"), 8123));
    }

    @Test
    void aMachineClientIsConfiguredForTheProbesTenantAndTheServer() throws Exception {
        JsonNode registration = config(Map.of(ProbeOptions.CONTEXT_ENV, "{\"name\":\"auth/client-credentials-basic\","
                + "\"client_id\":\"m2m\",\"client_secret\":\"m2m-secret\"}")).path("registration");

        JsonNode entry = registration.path("clientCredentials").path(0);
        assertThat(entry.path("tenant").asText()).isEqualTo(ProbeInstance.TENANT);
        assertThat(entry.path("serverUrl").asText()).isEqualTo("http://localhost:3000/mcp");
        assertThat(entry.path("clientId").asText()).isEqualTo("m2m");
        assertThat(entry.path("authMethod").asText()).isEqualTo("client_secret_basic");
        assertThat(entry.path("clientSecret").asText()).isEqualTo("m2m-secret");
        assertThat(entry.has("privateKey")).isFalse();
        assertThat(registration.path("preRegistered")).isEmpty();
    }

    @Test
    void withoutAMachineClientThereIsNone() throws Exception {
        assertThat(config(Map.of()).path("registration").path("clientCredentials")).isEmpty();
    }
}
