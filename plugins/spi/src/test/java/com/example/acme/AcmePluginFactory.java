package com.example.acme;

import dev.latchkey.spi.*;
import java.util.List;
import java.util.Optional;

/** Acme: no DCR, comma-separated scopes, form-encoded token responses unless asked for JSON. */
public final class AcmePluginFactory implements ProviderPluginFactory {

    private String domain = "acme.example";

    @Override public String id() { return "acme"; }
    @Override public String version() { return "1.0.0"; }
    @Override public String spiVersion() { return SPI_VERSION; } // inlined at compile time

    @Override public List<ConfigProperty> configProperties() {
        return List.of(
                ConfigProperty.required("client-id", "Client id of your Acme OAuth app"),
                ConfigProperty.secret("client-secret", "Client secret of your Acme OAuth app"),
                ConfigProperty.optional("domain", "Acme host (or self-hosted domain) to match", "acme.example"));
    }

    @Override public void init(PluginConfig config) { domain = config.requireSetting("domain"); }

    @Override public ProviderPlugin create() { return new AcmePlugin(domain); }

    static final class AcmePlugin implements ProviderPlugin {
        private final String domain;

        AcmePlugin(String domain) { this.domain = domain; }

        @Override public boolean appliesTo(ProviderTarget target) {
            return target.hostIsWithin(domain)
                    || target.issuer().filter(i -> i.equals("https://auth." + domain)).isPresent();
        }

        @Override public Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                AuthorizationServerMetadata metadata, ProviderContext context) {
            if (proposed.filter(PreRegisteredClient.class::isInstance).isPresent()) {
                return proposed; // the operator configured credentials for this server: keep them
            }
            return Optional.of(PreRegisteredClient.confidential(context.config().clientId().orElseThrow(),
                    context.config().clientSecret().orElseThrow(), ClientAuthMethod.CLIENT_SECRET_POST));
        }

        @Override public AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest request,
                ProviderContext context) {
            return request.withScopeSeparator(",");
        }

        @Override public TokenRequest customizeTokenRequest(TokenRequest request, ProviderContext context) {
            return request.withHeader("Accept", "application/json");
        }

        @Override public TokenRequest customizeRefreshRequest(TokenRequest request, ProviderContext context) {
            return customizeTokenRequest(request, context);
        }

        @Override public TokenResponse normalizeTokenResponse(TokenResponse response,
                TokenRequest.GrantType grantType, ProviderContext context) {
            return response.withDefaultTokenType("Bearer"); // Acme omits token_type
        }
    }
}
