package dev.latchkey.issuer;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Settings of Latchkey's own authorization server for MCP clients of the gateway
 * ({@code authorizationServer:}): off unless enabled, since it needs user sign-in at an identity provider.
 */
public class IssuerFactory {

    private boolean enabled = false;
    /** Access tokens are short: the gateway checks the grant on each request, but a JWT lives on until it expires. */
    @NotNull
    private Duration accessTokenLifetime = Duration.minutes(5);
    /** Absolute per grant: every rotation keeps the family's end, so a stolen family dies at the latest then. */
    @NotNull
    private Duration refreshTokenLifetime = Duration.days(30);
    @NotNull
    private Duration codeLifetime = Duration.seconds(60);
    @Valid
    @NotNull
    private MetadataDocuments clientIdMetadataDocuments = new MetadataDocuments();
    @Valid
    @NotNull
    private DynamicRegistration dynamicRegistration = new DynamicRegistration();
    @NotEmpty
    private List<@NotNull String> scopes = List.of("mcp");

    /** Client ID Metadata Documents: a client_id that is an https URL, fetched through the egress guard. */
    public static class MetadataDocuments {
        private boolean enabled = true;
        @NotNull
        private DataSize maxBytes = DataSize.kibibytes(5);
        /** The longest a fetched document is trusted; a shorter Cache-Control max-age wins. */
        @NotNull
        private Duration cacheFor = Duration.hours(1);
        @NotNull
        private Duration fetchTimeout = Duration.seconds(3);

        @JsonProperty
        public boolean isEnabled() {
            return enabled;
        }

        @JsonProperty
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @JsonProperty
        public DataSize getMaxBytes() {
            return maxBytes;
        }

        @JsonProperty
        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        @JsonProperty
        public Duration getCacheFor() {
            return cacheFor;
        }

        @JsonProperty
        public void setCacheFor(Duration cacheFor) {
            this.cacheFor = cacheFor;
        }

        @JsonProperty
        public Duration getFetchTimeout() {
            return fetchTimeout;
        }

        @JsonProperty
        public void setFetchTimeout(Duration fetchTimeout) {
            this.fetchTimeout = fetchTimeout;
        }
    }

    /** RFC 7591 dynamic client registration at {@code /oauth/register}. */
    public static class DynamicRegistration {
        private boolean enabled = true;

        @JsonProperty
        public boolean isEnabled() {
            return enabled;
        }

        @JsonProperty
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The settings as the services use them. */
    public IssuerSettings settings() {
        return new IssuerSettings(accessTokenLifetime.toJavaDuration(), refreshTokenLifetime.toJavaDuration(),
                codeLifetime.toJavaDuration(), clientIdMetadataDocuments.isEnabled(),
                clientIdMetadataDocuments.getMaxBytes().toBytes(),
                clientIdMetadataDocuments.getCacheFor().toJavaDuration(),
                clientIdMetadataDocuments.getFetchTimeout().toJavaDuration(), dynamicRegistration.isEnabled(), scopes);
    }

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public Duration getAccessTokenLifetime() {
        return accessTokenLifetime;
    }

    @JsonProperty
    public void setAccessTokenLifetime(Duration accessTokenLifetime) {
        this.accessTokenLifetime = accessTokenLifetime;
    }

    @JsonProperty
    public Duration getRefreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    @JsonProperty
    public void setRefreshTokenLifetime(Duration refreshTokenLifetime) {
        this.refreshTokenLifetime = refreshTokenLifetime;
    }

    @JsonProperty
    public Duration getCodeLifetime() {
        return codeLifetime;
    }

    @JsonProperty
    public void setCodeLifetime(Duration codeLifetime) {
        this.codeLifetime = codeLifetime;
    }

    @JsonProperty
    public MetadataDocuments getClientIdMetadataDocuments() {
        return clientIdMetadataDocuments;
    }

    @JsonProperty
    public void setClientIdMetadataDocuments(MetadataDocuments clientIdMetadataDocuments) {
        this.clientIdMetadataDocuments = clientIdMetadataDocuments;
    }

    @JsonProperty
    public DynamicRegistration getDynamicRegistration() {
        return dynamicRegistration;
    }

    @JsonProperty
    public void setDynamicRegistration(DynamicRegistration dynamicRegistration) {
        this.dynamicRegistration = dynamicRegistration;
    }

    @JsonProperty
    public List<String> getScopes() {
        return scopes;
    }

    @JsonProperty
    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }
}
