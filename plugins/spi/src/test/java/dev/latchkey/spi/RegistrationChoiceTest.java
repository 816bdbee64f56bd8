package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrationChoiceTest {

    @Test
    void preRegisteredSecretMatchesTheAuthMethodAndIsMasked() {
        PreRegisteredClient github = PreRegisteredClient.confidential("Iv1.abc", "s3cr3t", ClientAuthMethod.CLIENT_SECRET_POST);

        assertThat(github.clientSecret()).contains("s3cr3t");
        assertThat(github.toString()).contains("Iv1.abc").doesNotContain("s3cr3t");
        assertThatThrownBy(() -> new PreRegisteredClient("id", Optional.empty(), ClientAuthMethod.CLIENT_SECRET_BASIC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreRegisteredClient("id", Optional.of("x"), ClientAuthMethod.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PreRegisteredClient.publicClient("id").clientSecret()).isEmpty();
    }

    @Test
    void credentialsBelongOnlyToTheIssuersTheyAreBoundTo() {
        PreRegisteredClient app = PreRegisteredClient.confidential("Iv1.abc", "s3cr3t", ClientAuthMethod.CLIENT_SECRET_POST);
        assertThat(app.belongsTo("https://github.com/login/oauth")).as("unbound: nowhere").isFalse();

        PreRegisteredClient github = app.boundTo(List.of("https://github.com/login/oauth"));
        assertThat(github.belongsTo("https://github.com/login/oauth")).isTrue();
        assertThat(github.belongsTo("https://github.com/login/oauth/")).isFalse();
        assertThat(github.belongsTo("https://github.com.evil.example/login/oauth")).isFalse();

        PreRegisteredClient entra = app.boundTo(List.of("https://login.microsoftonline.com/*"));
        assertThat(entra.belongsTo("https://login.microsoftonline.com/72f988bf/v2.0")).isTrue();
        assertThat(entra.belongsTo("https://login.microsoftonline.com.evil.example/x")).isFalse();
        assertThatThrownBy(() -> app.boundTo(List.of("*"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> app.boundTo(List.of("github.com"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(github.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void dynamicRegistrationBodyAdjustments() {
        DynamicRegistration notion = DynamicRegistration.of("Latchkey")
                .withTokenEndpointAuthMethod(ClientAuthMethod.NONE)
                .withClientName("Latchkey for Acme")
                .withExtraMetadata("software_id", "latchkey");

        assertThat(notion.clientName()).isEqualTo("Latchkey for Acme");
        assertThat(notion.grantTypes()).containsExactly("authorization_code", "refresh_token");
        assertThat(notion.extraMetadata()).containsEntry("software_id", "latchkey");
        assertThat(notion.withGrantTypes(List.of("authorization_code")).grantTypes()).containsExactly("authorization_code");
    }

    @Test
    void dynamicRegistrationNeverCarriesScopeOrResource() {
        DynamicRegistration dcr = DynamicRegistration.of("Latchkey");

        assertThatThrownBy(() -> dcr.withExtraMetadata("scope", "read")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dcr.withExtraMetadata("resource", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dcr.withExtraMetadata("redirect_uris", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dcr.withGrantTypes(List.of("refresh_token"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DynamicRegistration("x", ClientAuthMethod.NONE, List.of("authorization_code"),
                Map.of("client_name", "y"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theChoiceIsASealedSetTheEngineCanSwitchOver() {
        List<RegistrationChoice> choices = List.of(PreRegisteredClient.publicClient("id"),
                new ClientIdMetadataDocument(), DynamicRegistration.of("Latchkey"));

        List<String> kinds = choices.stream().map(RegistrationChoiceTest::describe).toList();

        assertThat(kinds).containsExactly("pre-registered", "cimd", "dcr");
    }

    private static String describe(RegistrationChoice choice) {
        if (choice instanceof PreRegisteredClient) {
            return "pre-registered";
        } else if (choice instanceof ClientIdMetadataDocument) {
            return "cimd";
        } else if (choice instanceof DynamicRegistration) {
            return "dcr";
        }
        throw new AssertionError(choice);
    }

    @Test
    void clientAuthMethodWireNames() {
        assertThat(ClientAuthMethod.fromWireName("client_secret_basic")).contains(ClientAuthMethod.CLIENT_SECRET_BASIC);
        assertThat(ClientAuthMethod.fromWireName("tls_client_auth")).isEmpty();
        assertThat(ClientAuthMethod.PRIVATE_KEY_JWT.usesClientSecret()).isFalse();
    }
}
