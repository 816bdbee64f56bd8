package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.minidev.json.JSONObject;

/**
 * Client ID Metadata Documents: a {@code client_id} that is an https URL with a path names a JSON document
 * the client hosts there. It is fetched through the guarded client (egress rules refuse private addresses;
 * plain http only to a loopback host, and only when egress allows private networks, for development), within
 * a short timeout and a small size, and must say the same {@code client_id}, list its redirect URIs and ask
 * for no secret. What it said is kept (for the console and the token endpoint) and trusted for its
 * {@code Cache-Control max-age}, at most {@code cacheFor}.
 */
final class MetadataDocuments {

    static final int MAX_URL_LENGTH = 1000;
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d{1,10})\"?");
    private static final Pattern NO_CACHE = Pattern.compile("(?:^|,)\\s*(?:no-store|no-cache)\\s*(?:,|$)");

    private final OutboundHttp http;
    private final boolean allowLoopbackHttp;
    private final IssuerSettings settings;
    private final McpClientStore store;
    private final Clock clock;

    MetadataDocuments(OutboundHttp http, boolean allowLoopbackHttp, IssuerSettings settings, McpClientStore store,
                      Clock clock) {
        this.http = http;
        this.allowLoopbackHttp = allowLoopbackHttp;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
    }

    /** Whether a client_id is meant as a metadata document URL (rather than a registered {@code lkc_…} id). */
    static boolean isDocumentUrl(String clientId) {
        String lower = clientId.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /**
     * The client the document at {@code clientId} describes, fetched again when what is kept is no longer
     * fresh. Throws a {@link IssuerRefusal.Page} that says what is wrong with the URL or the document.
     */
    McpClient client(String clientId) {
        URI url = documentUrl(clientId);
        Instant now = clock.instant();
        Optional<McpClient> kept = store.find(clientId)
                .filter(c -> c.kind() == McpClient.Kind.METADATA_DOCUMENT)
                .filter(c -> c.freshUntil().map(now::isBefore).orElse(false));
        return kept.orElseGet(() -> store.saveDocument(fetch(url, now)));
    }

    /** The URL, if it is one a document may be fetched from. */
    URI documentUrl(String clientId) {
        if (!settings.metadataDocuments()) {
            throw refused("This server does not accept Client ID Metadata Documents; register the client instead.");
        }
        if (clientId.length() > MAX_URL_LENGTH) {
            throw refused("The client_id URL is longer than " + MAX_URL_LENGTH + " characters.");
        }
        URI url;
        try {
            url = new URI(clientId);
        } catch (URISyntaxException e) {
            throw refused("The client_id is not a valid URL.");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean loopbackHttp = scheme.equals("http") && allowLoopbackHttp
                && RedirectUriRules.isLoopback(url.getHost());
        if (!scheme.equals("https") && !loopbackHttp) {
            throw refused("A client_id URL must be https.");
        }
        String path = url.getRawPath();
        if (url.getHost() == null || path == null || path.isEmpty() || path.equals("/")) {
            throw refused("A client_id URL names a host and a path to the client's metadata document.");
        }
        if (url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw refused("A client_id URL has no fragment and no credentials.");
        }
        if (List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw refused("A client_id URL has no '.' or '..' path segments.");
        }
        return url;
    }

    McpClient fetch(URI url, Instant now) {
        OutboundResponse response;
        try {
            response = http.send(new OutboundRequest("GET", url, Map.of("Accept", List.of("application/json")),
                    Optional.empty(), false, "client metadata document").within(settings.metadataDocumentTimeout()));
        } catch (EgressException e) {
            throw refused("The client's metadata document could not be fetched: " + e.getMessage() + ".");
        }
        if (response.status() != 200) {
            throw refused("The client's metadata document answered HTTP " + response.status() + ", not 200.");
        }
        String type = response.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json") && !type.matches("application/[a-z0-9.+-]*\\+json.*")) {
            throw refused("The client's metadata document is not JSON (Content-Type application/json).");
        }
        if (response.body().length > settings.metadataDocumentMaxBytes()) {
            throw refused("The client's metadata document is larger than " + settings.metadataDocumentMaxBytes()
                    + " bytes.");
        }
        return validated(url.toString(), response.bodyText(), now, freshFor(response.header("cache-control")));
    }

    /** What the document says, if it may describe the client at {@code url}. */
    McpClient validated(String url, String body, Instant now, Duration freshFor) {
        JSONObject json;
        ClientMetadata metadata;
        try {
            json = JSONObjectUtils.parse(body);
            metadata = ClientMetadata.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw refused("The client's metadata document is not valid client metadata (RFC 7591).");
        }
        if (!url.equals(json.get("client_id"))) {
            throw refused("The client's metadata document names another client_id than its own URL.");
        }
        if (json.containsKey("client_secret") || json.containsKey("client_secret_expires_at")) {
            throw refused("A client metadata document must not carry a client secret.");
        }
        ClientAuthenticationMethod method = metadata.getTokenEndpointAuthMethod();
        if (ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method)) {
            throw refused("The client asks for private_key_jwt, which this server does not support; use none.");
        }
        if (method != null && !ClientAuthenticationMethod.NONE.equals(method)) {
            throw refused("A client metadata document's token_endpoint_auth_method must be none.");
        }
        List<String> redirectUris = ClientRules.redirectUris(metadata).orElseThrow(MetadataDocuments::refused);
        List<String> grantTypes = ClientRules.grantTypes(metadata).orElseThrow(MetadataDocuments::refused);
        if (metadata.getResponseTypes() != null && !metadata.getResponseTypes().contains(ResponseType.CODE)) {
            throw refused("The client's metadata document must allow response_type code.");
        }
        return new McpClient(url, McpClient.Kind.METADATA_DOCUMENT, ClientRules.name(metadata), redirectUris,
                McpClient.AuthMethod.NONE, grantTypes, Optional.empty(), now, now, Optional.of(now.plus(freshFor)));
    }

    /** {@code max-age}, at most {@code cacheFor}; nothing to keep for {@code no-store} or {@code no-cache}. */
    Duration freshFor(Optional<String> cacheControl) {
        Duration most = settings.metadataDocumentCacheFor();
        if (cacheControl.isEmpty()) {
            return most;
        }
        String value = cacheControl.get().toLowerCase(Locale.ROOT);
        if (NO_CACHE.matcher(value).find()) {
            return Duration.ZERO;
        }
        Matcher maxAge = MAX_AGE.matcher(value);
        if (maxAge.find()) {
            Duration told = Duration.ofSeconds(Long.parseLong(maxAge.group(1)));
            return told.compareTo(most) < 0 ? told : most;
        }
        return most;
    }

    private static IssuerRefusal.Page refused(String detail) {
        return new IssuerRefusal.Page(400, "This client cannot sign in here", detail);
    }

}
