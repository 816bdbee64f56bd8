package dev.latchkey.signin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code signIn:} section: the operator's OpenID Connect identity providers where users sign in
 * to Latchkey, the development login, and how long a user session lasts.
 */
public class SignInFactory {

    /** Names taken by the sign-in pages' own paths ({@code /signin/dev}, {@code /signin/callback}, {@code /signin/end}). */
    static final Set<String> RESERVED = Set.of(DevelopmentLogin.PROVIDER, "callback", "end");

    @Valid
    @NotNull
    private List<IdentityProviderFactory> identityProviders = new ArrayList<>();

    @Valid
    @NotNull
    private DevelopmentLoginFactory developmentLogin = new DevelopmentLoginFactory();

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 30, unit = TimeUnit.DAYS)
    private Duration sessionLifetime = Duration.hours(8);

    @ValidationMethod(message = "identityProviders must have distinct names, none of them dev, callback or end")
    @JsonIgnore
    public boolean isEachNameOnce() {
        Set<String> seen = new HashSet<>(RESERVED);
        return identityProviders.stream().allMatch(p -> p == null || p.getName() == null || seen.add(p.getName()));
    }

    /** Whether anything can sign a user in: an identity provider or the development login. */
    @JsonIgnore
    public boolean isConfigured() {
        return !identityProviders.isEmpty() || developmentLogin.isEnabled();
    }

    /**
     * The tenants sign-in puts users in that are neither {@code default} nor among {@code known}:
     * each must be a configured tenant.
     */
    public Set<String> unknownTenants(Set<String> known) {
        Set<String> unknown = new HashSet<>();
        identityProviders.forEach(p -> unknown.add(p.getTenant()));
        if (developmentLogin.isEnabled()) {
            unknown.add(developmentLogin.getTenant());
        }
        unknown.remove("default");
        unknown.removeAll(known);
        return unknown;
    }

    @JsonProperty
    public List<IdentityProviderFactory> getIdentityProviders() {
        return identityProviders;
    }

    @JsonProperty
    public void setIdentityProviders(List<IdentityProviderFactory> identityProviders) {
        this.identityProviders = identityProviders == null ? new ArrayList<>() : identityProviders;
    }

    @JsonProperty
    public DevelopmentLoginFactory getDevelopmentLogin() {
        return developmentLogin;
    }

    @JsonProperty
    public void setDevelopmentLogin(DevelopmentLoginFactory developmentLogin) {
        this.developmentLogin = developmentLogin;
    }

    @JsonProperty
    public Duration getSessionLifetime() {
        return sessionLifetime;
    }

    @JsonProperty
    public void setSessionLifetime(Duration sessionLifetime) {
        this.sessionLifetime = sessionLifetime;
    }
}
