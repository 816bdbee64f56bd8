package dev.latchkey.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A declarative provider profile: the common quirks without code, for the servers it matches by
 * issuer (exact) or host (with subdomains). Applied as an implicit plugin before any code plugin.
 */
public class ProfileFactory {

    @NotNull
    @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "must be lower-case letters, digits and dashes")
    private String name;
    @NotNull
    private List<String> issuers = new ArrayList<>();
    @NotNull
    private List<String> hosts = new ArrayList<>();
    /** Pre-registered credentials; use ${ENV_VAR} for the secret. */
    private String clientId;
    private String clientSecret;
    /** none, client_secret_basic or client_secret_post; by default basic with a secret, none without. */
    private String tokenEndpointAuthMethod;
    /** e.g. "," (Slack, Linear) or "+" (Attio). */
    private String scopeSeparator;
    @NotNull
    private Map<String, String> authorizationParameters = new LinkedHashMap<>();
    /** Leave out RFC 8707 resource from authorization and token requests (Entra, Sentry). */
    private boolean omitResource;
    /** The server supports S256 without advertising it (Cognito, GitHub). */
    private boolean assumeS256;
    /** Static endpoints, used when the issuer publishes no metadata, and over what it publishes. */
    private URI authorizationEndpoint;
    private URI tokenEndpoint;
    private URI revocationEndpoint;

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public List<String> getIssuers() {
        return issuers;
    }

    @JsonProperty
    public void setIssuers(List<String> issuers) {
        this.issuers = issuers == null ? new ArrayList<>() : issuers;
    }

    @JsonProperty
    public List<String> getHosts() {
        return hosts;
    }

    @JsonProperty
    public void setHosts(List<String> hosts) {
        this.hosts = hosts == null ? new ArrayList<>() : hosts;
    }

    @JsonProperty
    public Optional<String> getClientId() {
        return blankToEmpty(clientId);
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    @JsonProperty
    public Optional<String> getClientSecret() {
        return blankToEmpty(clientSecret);
    }

    @JsonProperty
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    @JsonProperty
    public Optional<String> getTokenEndpointAuthMethod() {
        return blankToEmpty(tokenEndpointAuthMethod);
    }

    @JsonProperty
    public void setTokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
        this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
    }

    @JsonProperty
    public Optional<String> getScopeSeparator() {
        return Optional.ofNullable(scopeSeparator).filter(s -> !s.isEmpty());
    }

    @JsonProperty
    public void setScopeSeparator(String scopeSeparator) {
        this.scopeSeparator = scopeSeparator;
    }

    @JsonProperty
    public Map<String, String> getAuthorizationParameters() {
        return authorizationParameters;
    }

    @JsonProperty
    public void setAuthorizationParameters(Map<String, String> authorizationParameters) {
        this.authorizationParameters = authorizationParameters == null ? new LinkedHashMap<>() : authorizationParameters;
    }

    @JsonProperty
    public boolean isOmitResource() {
        return omitResource;
    }

    @JsonProperty
    public void setOmitResource(boolean omitResource) {
        this.omitResource = omitResource;
    }

    @JsonProperty("assumeS256")
    public boolean isAssumeS256() {
        return assumeS256;
    }

    @JsonProperty("assumeS256")
    public void setAssumeS256(boolean assumeS256) {
        this.assumeS256 = assumeS256;
    }

    @JsonProperty
    public Optional<URI> getAuthorizationEndpoint() {
        return Optional.ofNullable(authorizationEndpoint);
    }

    @JsonProperty
    public void setAuthorizationEndpoint(URI authorizationEndpoint) {
        this.authorizationEndpoint = authorizationEndpoint;
    }

    @JsonProperty
    public Optional<URI> getTokenEndpoint() {
        return Optional.ofNullable(tokenEndpoint);
    }

    @JsonProperty
    public void setTokenEndpoint(URI tokenEndpoint) {
        this.tokenEndpoint = tokenEndpoint;
    }

    @JsonProperty
    public Optional<URI> getRevocationEndpoint() {
        return Optional.ofNullable(revocationEndpoint);
    }

    @JsonProperty
    public void setRevocationEndpoint(URI revocationEndpoint) {
        this.revocationEndpoint = revocationEndpoint;
    }

    private static Optional<String> blankToEmpty(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
