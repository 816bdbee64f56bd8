package dev.latchkey.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant of a running test app with an API key and one upstream MCP server registered for the
 * gateway: what every gateway test starts from.
 */
public record GatewayTenant(ApiClient api, String key, String gatewayUrl, String slug) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the tenant's API key and registers {@code mcpUrl} under {@code name}. */
    public static GatewayTenant register(TestApp app, LatchkeyConfiguration config, String tenant, String mcpUrl,
                                         String name) {
        ApiClient api = new ApiClient(app.baseUrl());
        String key = AppDatabase.apiKey(AppDatabase.jdbi(config), tenant);
        ApiClient.Reply server = api.post(key, "/v1/servers", JSON.createObjectNode().put("url", mcpUrl)
                .put("name", name).toString());
        assertThat(server.status()).as(String.valueOf(server.body())).isEqualTo(201);
        return new GatewayTenant(api, key, server.body().get("gatewayUrl").asText(), server.body().get("slug").asText());
    }

    /** A gateway token for {@code subject} ({@code lkg_…}). */
    public String mint(String subject) {
        ApiClient.Reply minted = api.post(key, "/v1/gateway-tokens", JSON.createObjectNode().put("subject", subject)
                .toString());
        assertThat(minted.status()).as(String.valueOf(minted.body())).isEqualTo(201);
        return minted.body().get("token").asText();
    }
}
