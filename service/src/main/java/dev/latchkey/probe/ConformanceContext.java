package dev.latchkey.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * What the MCP conformance suite hands the client in {@code MCP_CONFORMANCE_CONTEXT}: for
 * {@code auth/pre-registration} a client registered out of band ({@code client_id},
 * {@code client_secret}: a {@code client_secret_basic} client of the user flow); for the
 * client-credentials scenarios ({@code name} {@code auth/client-credentials-…}) a machine client,
 * with {@code client_secret} or a PKCS#8 {@code private_key_pem} ({@code private_key_jwt}).
 */
record ConformanceContext(Optional<ProbeOptions.Credentials> preRegistered, Optional<MachineClient> machineClient) {

    static final String CLIENT_CREDENTIALS_SCENARIOS = "auth/client-credentials-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConformanceContext NONE = new ConformanceContext(Optional.empty(), Optional.empty());

    static ConformanceContext parse(String context) {
        if (context == null || context.isBlank()) {
            return NONE;
        }
        JsonNode node;
        try {
            node = JSON.readTree(context);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(ProbeOptions.CONTEXT_ENV + " is not JSON");
        }
        String id = node.path("client_id").asText("");
        if (id.isEmpty()) {
            return NONE;
        }
        Optional<String> secret = text(node, "client_secret");
        Optional<String> pem = text(node, "private_key_pem");
        if (pem.isPresent() || node.path("name").asText("").startsWith(CLIENT_CREDENTIALS_SCENARIOS)) {
            // The PKCS#8 PEM goes to Latchkey as it is: registration.clientCredentials reads PEM or JWK.
            return new ConformanceContext(Optional.empty(), Optional.of(new MachineClient(id,
                    pem.isPresent() ? MachineClient.PRIVATE_KEY_JWT : MachineClient.BASIC, secret, pem)));
        }
        return new ConformanceContext(Optional.of(new ProbeOptions.Credentials(id, secret,
                secret.isPresent() ? "client_secret_basic" : "none")), Optional.empty());
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.of(node.path(field).asText("")).filter(s -> !s.isEmpty());
    }
}
