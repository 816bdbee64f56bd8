package dev.latchkey.registration;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** How Latchkey obtains its clients at authorization servers. */
public class RegistrationFactory {

    /**
     * Credentials issued out of band, per issuer; they win over CIMD and dynamic registration. The
     * issuer {@code "*"} matches any issuer without an exact entry, in development mode only.
     */
    @Valid
    @NotNull
    private List<PreRegistered> preRegistered = new ArrayList<>();

    /** Client-credentials clients (machine-to-machine, no user), per tenant and MCP server. */
    @Valid
    @NotNull
    private List<ClientCredentialsEntry> clientCredentials = new ArrayList<>();

    /** The Client ID Metadata Document URL; empty means {publicBaseUrl}/oauth/client-metadata.json. */
    private URI clientMetadataUrl;

    @NotBlank
    private String clientName = "Latchkey";

    /** How long one instance may hold the lease on a first registration before others may take over. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    private Duration leaseTimeout = Duration.seconds(30);

    @JsonProperty
    public List<PreRegistered> getPreRegistered() {
        return preRegistered;
    }

    @JsonProperty
    public void setPreRegistered(List<PreRegistered> preRegistered) {
        this.preRegistered = preRegistered == null ? new ArrayList<>() : preRegistered;
    }

    @JsonProperty
    public List<ClientCredentialsEntry> getClientCredentials() {
        return clientCredentials;
    }

    @JsonProperty
    public void setClientCredentials(List<ClientCredentialsEntry> clientCredentials) {
        this.clientCredentials = clientCredentials == null ? new ArrayList<>() : clientCredentials;
    }

    @JsonProperty
    public Optional<URI> getClientMetadataUrl() {
        return Optional.ofNullable(clientMetadataUrl);
    }

    @JsonProperty
    public void setClientMetadataUrl(URI clientMetadataUrl) {
        this.clientMetadataUrl = clientMetadataUrl == null || clientMetadataUrl.toString().isBlank() ? null : clientMetadataUrl;
    }

    @JsonProperty
    public String getClientName() {
        return clientName;
    }

    @JsonProperty
    public void setClientName(String clientName) {
        this.clientName = clientName;
    }

    /**
     * Whether the Client ID Metadata Document may be used at authorization servers that do not
     * promise RFC 9207 {@code iss}. Off by default: the document is one client at every server, so
     * without {@code iss} a server could relay a flow's request to another and receive that server's
     * code (mix-up); such servers get a registration with a redirect URI of their own instead.
     */
    private boolean cimdWithoutIss = false;

    @JsonProperty
    public boolean isCimdWithoutIss() {
        return cimdWithoutIss;
    }

    @JsonProperty
    public void setCimdWithoutIss(boolean cimdWithoutIss) {
        this.cimdWithoutIss = cimdWithoutIss;
    }

    @JsonProperty
    public Duration getLeaseTimeout() {
        return leaseTimeout;
    }

    @JsonProperty
    public void setLeaseTimeout(Duration leaseTimeout) {
        this.leaseTimeout = leaseTimeout;
    }

    /** One pre-registered client; the secret should come from the environment (${VAR}). */
    public static class PreRegistered {
        @NotBlank
        private String issuer;
        @NotBlank
        private String clientId;
        private String clientSecret;
        @NotBlank
        private String tokenEndpointAuthMethod = "client_secret_basic";

        @JsonProperty
        public String getIssuer() {
            return issuer;
        }

        @JsonProperty
        public void setIssuer(String issuer) {
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

        @JsonProperty
        public Optional<String> getClientSecret() {
            return Optional.ofNullable(clientSecret).filter(s -> !s.isEmpty());
        }

        @JsonProperty
        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        @JsonProperty
        public String getTokenEndpointAuthMethod() {
            return tokenEndpointAuthMethod;
        }

        @JsonProperty
        public void setTokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
            this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
        }
    }
}
