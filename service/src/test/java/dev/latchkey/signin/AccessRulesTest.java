package dev.latchkey.signin;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTest {

    @Test
    void aUserMayUseAServerWhenOneRuleNamesBoth() {
        AccessRules rules = AccessRules.of(List.of(rule(List.of("notes", "calendar"), List.of("*")),
                rule(List.of("*"), List.of("alice"))));
        assertThat(rules.permits("bob", "notes")).isTrue();
        assertThat(rules.permits("bob", "calendar")).isTrue();
        assertThat(rules.permits("bob", "payroll")).as("no rule names payroll and bob").isFalse();
        assertThat(rules.permits("alice", "payroll")).isTrue();
    }

    @Test
    void theServerAndTheUserMustBeNamedInTheSameRule() {
        AccessRules rules = AccessRules.of(List.of(rule(List.of("notes"), List.of("alice")),
                rule(List.of("payroll"), List.of("bob"))));
        assertThat(rules.permits("alice", "payroll")).isFalse();
        assertThat(rules.permits("bob", "notes")).isFalse();
        assertThat(rules.permits("alice", "notes")).isTrue();
    }

    @Test
    void noRulesLetNobodyUseAnything() {
        assertThat(AccessRules.none().permits("alice", "notes")).isFalse();
        assertThat(AccessRules.of(List.of()).permits("*", "*")).isFalse();
    }

    @Test
    void aStarIsOnlyAWildcardInTheRulesNotInTheQuestion() {
        AccessRules rules = AccessRules.of(List.of(rule(List.of("notes"), List.of("alice"))));
        assertThat(rules.permits("*", "notes")).isFalse();
        assertThat(rules.permits("alice", "*")).isFalse();
    }

    @Test
    void theRulesOfTheProviderTheUserSignedInWithDecideInItsTenantOnly() {
        IdentityProvider corp = provider("corp", "acme", AccessRules.of(List.of(rule(List.of("notes"),
                List.of("alice")))));
        IdentityProvider other = provider("other", "acme", AccessRules.none());
        SignInProviders providers = new SignInProviders(List.of(corp, other), Optional.of(new DevelopmentLogin(
                "default", AccessRules.of(List.of(rule(List.of("*"), List.of("*")))))));
        assertThat(providers.permits("corp", "acme", "alice", "notes")).isTrue();
        assertThat(providers.permits("other", "acme", "alice", "notes")).isFalse();
        assertThat(providers.permits("corp", "globex", "alice", "notes")).as("another tenant").isFalse();
        assertThat(providers.permits("gone", "acme", "alice", "notes")).as("a provider since removed").isFalse();
        assertThat(providers.permits(DevelopmentLogin.PROVIDER, "default", "anyone", "notes")).isTrue();
        assertThat(new SignInProviders(List.of(corp), Optional.empty())
                .permits(DevelopmentLogin.PROVIDER, "default", "anyone", "notes")).as("development login off").isFalse();
    }

    @Test
    void aSessionStandsOnlyWhileItsProviderStillLetsItsUserIn() {
        IdentityProvider corp = new IdentityProvider("corp", "acme", URI.create("https://login.example.com"),
                "latchkey", "secret", List.of("openid"), "sub", Optional.empty(), Names.of(List.of("alice")),
                AccessRules.of(List.of(rule(List.of("*"), List.of("*")))));
        SignInProviders providers = new SignInProviders(List.of(corp), Optional.empty());
        assertThat(providers.admits("corp", "acme", "alice")).isTrue();
        assertThat(providers.admits("corp", "acme", "bob")).as("no longer in users").isFalse();
        assertThat(providers.permits("corp", "acme", "bob", "notes")).as("not in users: no server either").isFalse();
        assertThat(providers.admits("corp", "globex", "alice")).isFalse();
        assertThat(providers.admits(DevelopmentLogin.PROVIDER, "default", "alice")).as("development login off")
                .isFalse();
    }

    @Test
    void oneProviderAndNoDevelopmentLoginIsTheSoleWayIn() {
        IdentityProvider corp = provider("corp", "default", AccessRules.none());
        assertThat(new SignInProviders(List.of(corp), Optional.empty()).sole()).contains(corp);
        assertThat(new SignInProviders(List.of(corp), Optional.of(new DevelopmentLogin("default",
                AccessRules.none()))).sole()).isEmpty();
        assertThat(new SignInProviders(List.of(corp, provider("b", "default", AccessRules.none())), Optional.empty())
                .sole()).isEmpty();
    }

    static AccessRuleFactory rule(List<String> servers, List<String> users) {
        AccessRuleFactory rule = new AccessRuleFactory();
        rule.setServers(servers);
        rule.setUsers(users);
        return rule;
    }

    private static IdentityProvider provider(String name, String tenant, AccessRules access) {
        return new IdentityProvider(name, tenant, URI.create("https://login.example.com"), "latchkey", "secret",
                List.of("openid"), "sub", Optional.empty(), Names.anyone(), access);
    }
}
