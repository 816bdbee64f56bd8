package dev.latchkey.signin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One of the operator's OpenID Connect identity providers, under {@code signIn.identityProviders}. */
public class IdentityProviderFactory {

    /** A slug: it is part of the sign-in path ({@code /signin/{name}}). */
    @NotNull
    @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "must be a slug: 1-40 lowercase letters, digits or '-'")
    private String name;

    /** The tenant whose users sign in here: a tenant under {@code tenants:}, or {@code default}. */
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "must be a tenant id")
    private String tenant = "default";

    @NotNull
    private URI issuer;

    @NotBlank
    @Size(max = 500)
    private String clientId;

    @NotBlank
    @Size(max = 2000)
    private String clientSecret;

    @NotEmpty
    private List<@NotNull @Pattern(regexp = "[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}", message = "must be a scope token")
            String> scopes = new ArrayList<>(List.of("openid", "email", "profile"));

    @NotBlank
    @Size(max = 100)
    private String subjectClaim = "sub";

    /** The claim shown as the person's name; unset: name, else email, else the subject. */
    @Size(min = 1, max = 100)
    private String displayNameClaim;

    /** Who may sign in here: subjects, or {@code "*"} (the default) for everyone the provider knows. */
    @NotEmpty
    private List<@NotNull @Size(min = 1, max = 200) String> users = new ArrayList<>(List.of(Names.ANY));

    /** Which users may use which servers; none: nobody may use any server. */
    @Valid
    @NotNull
    private List<AccessRuleFactory> access = new ArrayList<>();

    @ValidationMethod(message = "issuer must be an absolute http(s) URL without query or fragment")
    @JsonIgnore
    public boolean isIssuerAUrl() {
        return issuer == null || (("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))
                && issuer.getHost() != null && issuer.getRawQuery() == null && issuer.getRawFragment() == null);
    }

    @ValidationMethod(message = "scopes must contain openid")
    @JsonIgnore
    public boolean isOpenidScopeAsked() {
        return scopes == null || scopes.contains("openid");
    }

    IdentityProvider build() {
        return new IdentityProvider(name, tenant, issuer, clientId, clientSecret, scopes, subjectClaim,
                Optional.ofNullable(displayNameClaim), Names.of(users), AccessRules.of(access));
    }

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public String getTenant() {
        return tenant;
    }

    @JsonProperty
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    @JsonProperty
    public URI getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(URI issuer) {
        this.issuer = issuer;
    }

    @JsonProperty
    public String getClientId() {
        return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** Never serialised back: a configuration dump must not show it. */
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    public String getClientSecret() {
        return clientSecret;
    }

    @JsonProperty
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    @JsonProperty
    public List<String> getScopes() {
        return scopes;
    }

    @JsonProperty
    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }

    @JsonProperty
    public String getSubjectClaim() {
        return subjectClaim;
    }

    @JsonProperty
    public void setSubjectClaim(String subjectClaim) {
        this.subjectClaim = subjectClaim;
    }

    @JsonProperty
    public String getDisplayNameClaim() {
        return displayNameClaim;
    }

    @JsonProperty
    public void setDisplayNameClaim(String displayNameClaim) {
        this.displayNameClaim = displayNameClaim;
    }

    @JsonProperty
    public List<String> getUsers() {
        return users;
    }

    @JsonProperty
    public void setUsers(List<String> users) {
        this.users = users;
    }

    @JsonProperty
    public List<AccessRuleFactory> getAccess() {
        return access;
    }

    @JsonProperty
    public void setAccess(List<AccessRuleFactory> access) {
        this.access = access;
    }
}
