package dev.latchkey.signin;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.tenant.TenantFactory;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.ConstraintViolation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInFactoryTest {

    @Test
    void theDefaultsAreValidAndLetNobodyIn() {
        LatchkeyConfiguration config = new LatchkeyConfiguration();
        assertThat(violations(config)).isEmpty();
        SignInFactory signIn = config.getSignIn();
        assertThat(signIn.isConfigured()).isFalse();
        assertThat(signIn.getDevelopmentLogin().isEnabled()).isFalse();
        assertThat(signIn.getSessionLifetime()).isEqualTo(Duration.hours(8));
    }

    @Test
    void aProviderGetsItsDefaults() {
        IdentityProviderFactory corp = provider("corp");
        IdentityProvider built = corp.build();
        assertThat(built.scopes()).containsExactly("openid", "email", "profile");
        assertThat(built.subjectClaim()).isEqualTo("sub");
        assertThat(built.displayNameClaim()).isEmpty();
        assertThat(built.tenant()).isEqualTo("default");
        assertThat(built.users().contains("anyone")).as("users default to *").isTrue();
        assertThat(built.access().permits("anyone", "notes")).as("access defaults to nobody").isFalse();
        assertThat(built.toString()).doesNotContain("s3cret");
    }

    @Test
    void aValidProviderPasses() {
        assertThat(violations(withProviders(provider("corp"), provider("partners")))).isEmpty();
    }

    @Test
    void scopesMustContainOpenid() {
        IdentityProviderFactory corp = provider("corp");
        corp.setScopes(List.of("email"));
        assertThat(violations(withProviders(corp))).anyMatch(v -> v.contains("openidScopeAsked"));
    }

    @Test
    void theNameIsASlugAndUniqueAndNotOneOfThePagesOwnPaths() {
        assertThat(violations(withProviders(provider("Corp Login")))).anyMatch(v -> v.contains("name"));
        assertThat(violations(withProviders(provider("corp"), provider("corp")))).anyMatch(v -> v.contains("eachNameOnce"));
        for (String reserved : List.of("dev", "callback", "end")) {
            assertThat(violations(withProviders(provider(reserved)))).anyMatch(v -> v.contains("eachNameOnce"));
        }
    }

    @Test
    void issuerClientIdAndSecretAreRequiredAndTheIssuerIsAnHttpUrl() {
        IdentityProviderFactory bare = new IdentityProviderFactory();
        bare.setName("corp");
        assertThat(violations(withProviders(bare))).anyMatch(v -> v.contains("issuer"))
                .anyMatch(v -> v.contains("clientId")).anyMatch(v -> v.contains("clientSecret"));
        IdentityProviderFactory ftp = provider("corp");
        ftp.setIssuer(URI.create("ftp://login.example.com"));
        assertThat(violations(withProviders(ftp))).anyMatch(v -> v.contains("issuerAUrl"));
        IdentityProviderFactory query = provider("corp");
        query.setIssuer(URI.create("https://login.example.com/?x=1"));
        assertThat(violations(withProviders(query))).anyMatch(v -> v.contains("issuerAUrl"));
    }

    @Test
    void theTenantMustBeDefaultOrConfigured() {
        IdentityProviderFactory acme = provider("corp");
        acme.setTenant("acme");
        LatchkeyConfiguration config = withProviders(acme);
        assertThat(violations(config)).anyMatch(v -> v.contains("signInTenantKnown"));
        TenantFactory tenant = new TenantFactory();
        tenant.setDisplayName("Acme");
        config.setTenants(Map.of("acme", tenant));
        assertThat(violations(config)).isEmpty();

        LatchkeyConfiguration development = new LatchkeyConfiguration();
        development.getSignIn().getDevelopmentLogin().setEnabled(true);
        development.getSignIn().getDevelopmentLogin().setTenant("globex");
        assertThat(violations(development)).anyMatch(v -> v.contains("signInTenantKnown"));
    }

    @Test
    void accessRulesNameServersAndUsers() {
        IdentityProviderFactory corp = provider("corp");
        corp.setAccess(new ArrayList<>(List.of(AccessRulesTest.rule(List.of("not a slug"), List.of("alice")),
                AccessRulesTest.rule(List.of(), List.of("alice")))));
        assertThat(violations(withProviders(corp))).anyMatch(v -> v.contains("access[0].servers"))
                .anyMatch(v -> v.contains("access[1].servers"));
    }

    @Test
    void theSessionLifetimeIsBounded() {
        LatchkeyConfiguration config = new LatchkeyConfiguration();
        config.getSignIn().setSessionLifetime(Duration.seconds(5));
        assertThat(violations(config)).anyMatch(v -> v.contains("sessionLifetime"));
        config.getSignIn().setSessionLifetime(Duration.days(31));
        assertThat(violations(config)).anyMatch(v -> v.contains("sessionLifetime"));
    }

    static IdentityProviderFactory provider(String name) {
        IdentityProviderFactory provider = new IdentityProviderFactory();
        provider.setName(name);
        provider.setIssuer(URI.create("https://login.example.com/realms/corp"));
        provider.setClientId("latchkey");
        provider.setClientSecret("s3cret");
        return provider;
    }

    private static LatchkeyConfiguration withProviders(IdentityProviderFactory... providers) {
        LatchkeyConfiguration config = new LatchkeyConfiguration();
        config.getSignIn().setIdentityProviders(new ArrayList<>(List.of(providers)));
        return config;
    }

    private static List<String> violations(LatchkeyConfiguration config) {
        return Validators.newValidator().validate(config).stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .filter(v -> v.startsWith("signIn")).toList();
    }
}
