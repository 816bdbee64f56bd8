package dev.latchkey.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the probe was asked to do: the MCP URL and the options of {@code latchkey probe}, plus the
 * pre-registered or client-credentials client the MCP conformance suite hands over in
 * {@code MCP_CONFORMANCE_CONTEXT} ({@link ConformanceContext}).
 */
public record ProbeOptions(URI mcpUrl, String subject, boolean interactive, Duration timeout, Optional<String> tool,
                           JsonNode toolArguments, Optional<URI> clientMetadataUrl, boolean legacy,
                           Optional<Credentials> preRegistered, Optional<MachineClient> machineClient) {

    static final String CONTEXT_ENV = "MCP_CONFORMANCE_CONTEXT";
    static final String SECRET_ENV = "LATCHKEY_PROBE_CLIENT_SECRET";
    private static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", "none");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Credentials issued out of band; {@link #toString()} never shows the secret. */
    public record Credentials(String clientId, Optional<String> clientSecret, String authMethod) {
        @Override
        public String toString() {
            return "Credentials[" + clientId + ", " + authMethod + (clientSecret.isPresent() ? ", secret ****" : "") + "]";
        }
    }

    /** The raw option values as the command line gave them ({@code null} when absent). */
    public record Raw(String url, String subject, boolean interactive, String timeout, String tool, String args,
                      String clientMetadataUrl, boolean legacy, String clientId, String clientSecret, String authMethod) {
        @Override
        public String toString() {
            return "Raw[" + url + "]";
        }
    }

    /** Validates the options; a bad one is an {@link IllegalArgumentException} that says which and why. */
    public static ProbeOptions from(Raw raw, Map<String, String> env) {
        URI url = httpUrl(raw.url(), "the MCP server URL");
        String subject = raw.subject() == null || raw.subject().isBlank() ? "probe" : raw.subject();
        Duration timeout = raw.timeout() == null ? Duration.ofMinutes(5) : duration(raw.timeout());
        Optional<URI> metadataUrl = Optional.ofNullable(raw.clientMetadataUrl())
                .map(value -> httpUrl(value, "--client-metadata-url"));
        Optional<Credentials> commandLine = credentials(raw, env);
        ConformanceContext context = commandLine.isPresent() ? ConformanceContext.parse(null)
                : ConformanceContext.parse(env.get(CONTEXT_ENV));
        return new ProbeOptions(url, subject, raw.interactive(), timeout, Optional.ofNullable(raw.tool()),
                arguments(raw.args()), metadataUrl, raw.legacy(), commandLine.or(context::preRegistered),
                context.machineClient());
    }

    private static Optional<Credentials> credentials(Raw raw, Map<String, String> env) {
        if (raw.clientId() != null) {
            Optional<String> secret = Optional.ofNullable(raw.clientSecret()).or(() -> Optional.ofNullable(env.get(SECRET_ENV)))
                    .filter(s -> !s.isEmpty());
            String method = raw.authMethod() != null ? raw.authMethod().toLowerCase(Locale.ROOT)
                    : secret.isPresent() ? "client_secret_basic" : "none";
            if (!AUTH_METHODS.contains(method)) {
                throw new IllegalArgumentException("--auth-method must be client_secret_basic, client_secret_post or none");
            }
            if (secret.isEmpty() != method.equals("none")) {
                throw new IllegalArgumentException("--auth-method " + method + (secret.isEmpty()
                        ? " needs --client-secret" : " takes no client secret"));
            }
            return Optional.of(new Credentials(raw.clientId(), secret, method));
        }
        if (raw.clientSecret() != null || raw.authMethod() != null) {
            throw new IllegalArgumentException("--client-secret and --auth-method need --client-id");
        }
        return Optional.empty();
    }

    private static JsonNode arguments(String args) {
        if (args == null) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(args);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("--args must be a JSON object, e.g. '{\"text\":\"hi\"}'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--args is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static URI httpUrl(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be an absolute http(s) URL with a host, got: " + value);
    }

    private static Duration duration(String value) {
        String text = value.trim();
        Duration parsed;
        try {
            parsed = text.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text))
                    : Duration.ofMillis(io.dropwizard.util.Duration.parse(text).toMilliseconds());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--timeout must be a duration such as 90s or 5m, got: " + value);
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive, got: " + value);
        }
        return parsed;
    }
}
