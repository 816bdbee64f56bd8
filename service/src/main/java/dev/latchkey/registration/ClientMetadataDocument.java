package dev.latchkey.registration;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latchkey's Client ID Metadata Document: public, without secrets, its URL is its client id.
 * Authorization servers that support CIMD fetch it instead of taking a registration.
 */
public record ClientMetadataDocument(URI clientId, String clientName, URI redirectUri) {

    public static ClientMetadataDocument of(URI publicBaseUrl, RegistrationFactory config) {
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        URI url = config.getClientMetadataUrl().orElse(URI.create(base + "/oauth/client-metadata.json"));
        return new ClientMetadataDocument(url, config.getClientName(), URI.create(base + "/oauth/callback"));
    }

    /** A CIMD client id must be an https URL with a path (development may use http). */
    public boolean usable(boolean developmentMode) {
        String scheme = clientId.getScheme() == null ? "" : clientId.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || (developmentMode && scheme.equals("http"));
        String path = clientId.getRawPath();
        return secure && clientId.getHost() != null && path != null && path.length() > 1
                && clientId.getRawFragment() == null;
    }

    public Map<String, Object> json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("client_id", clientId.toString());
        doc.put("client_name", clientName);
        doc.put("redirect_uris", List.of(redirectUri.toString()));
        doc.put("grant_types", List.of("authorization_code", "refresh_token"));
        doc.put("response_types", List.of("code"));
        doc.put("token_endpoint_auth_method", "none");
        doc.put("application_type", "web");
        return doc;
    }
}
