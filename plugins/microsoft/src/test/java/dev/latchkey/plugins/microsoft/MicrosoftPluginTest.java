package dev.latchkey.plugins.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderTarget;
import dev.latchkey.spi.RelaxationKind;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Entra hooks in isolation; the end-to-end proof is MicrosoftPluginTest in plugins/testkit. */
class MicrosoftPluginTest {

    private static final String ISSUER = "https://login.microsoftonline.com/contoso/v2.0";

    @Test
    void requestsDefaultScopesWithoutResourceAndDeclaresIt() {
        MicrosoftPluginFactory factory = new MicrosoftPluginFactory();
        factory.init(PluginConfig.resolve(factory.configProperties(), Map.of("api", "api://mcp-app/")));
        ProviderPlugin plugin = factory.create();
        ProviderContext context = new ProviderContext(URI.create("https://mcp.contoso.com/mcp"),
                "https://mcp.contoso.com/mcp", Optional.of(ISSUER), "flw_1", PluginConfig.empty());
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://mcp.contoso.com/mcp")).withIssuer(ISSUER))).isTrue();

        AuthorizationRequest custom = plugin.customizeAuthorizationRequest(AuthorizationRequest.of(
                URI.create(ISSUER + "/authorize"), List.of("files.read", "openid", "files.write"),
                "https://mcp.contoso.com/mcp"), context);

        assertThat(custom.scopes()).containsExactly("api://mcp-app/.default", "openid", "offline_access");
        assertThat(custom.resource()).isEmpty();
        assertThat(custom.relaxations()).extracting(r -> r.kind()).containsExactly(RelaxationKind.OMIT_RESOURCE);
    }
}
