package dev.latchkey.registration;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One client-credentials client, configured by the operator for a tenant's MCP server
 * ({@code registration.clientCredentials}). Secret and private key should come from the
 * environment ({@code ${VAR}}).
 */
public class ClientCredentialsEntry {

    @NotBlank
    private String tenant;
    /** The MCP server's URL, as assistants name it in {@code POST /v1/token}. */
    @NotBlank
    private String serverUrl;
    @NotBlank
    private String clientId;
    /** {@code client_secret_basic} or {@code private_key_jwt}. */
    @NotBlank
    private String authMethod = "client_secret_basic";
    private String clientSecret;
    /** A private JWK (JSON, RSA or EC) for {@code private_key_jwt}; its public half is registered at the server. */
    private String privateKey;
    @NotNull
    private List<String> scopes = new ArrayList<>();

    @JsonProperty
    public String getTenant() {
        return tenant;
    }

    @JsonProperty
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    @JsonProperty
    public String getServerUrl() {
        return serverUrl;
    }

    @JsonProperty
    public void setServerUrl(String serverUrl) {
        this.serverUrl = serverUrl;
    }

    @JsonProperty
    public String getClientId() {
        return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    @JsonProperty
    public String getAuthMethod() {
        return authMethod;
    }

    @JsonProperty
    public void setAuthMethod(String authMethod) {
        this.authMethod = authMethod;
    }

    @JsonProperty
    public Optional<String> getClientSecret() {
        return Optional.ofNullable(clientSecret).filter(s -> !s.isBlank());
    }

    @JsonProperty
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    @JsonProperty
    public Optional<String> getPrivateKey() {
        return Optional.ofNullable(privateKey).filter(s -> !s.isBlank());
    }

    @JsonProperty
    public void setPrivateKey(String privateKey) {
        this.privateKey = privateKey;
    }

    @JsonProperty
    public List<String> getScopes() {
        return scopes;
    }

    @JsonProperty
    public void setScopes(List<String> scopes) {
        this.scopes = scopes == null ? new ArrayList<>() : scopes;
    }
}
