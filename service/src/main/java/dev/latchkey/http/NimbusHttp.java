package dev.latchkey.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends oauth2-oidc-sdk messages through the guarded client, so the SDK's own HttpURLConnection
 * sender is never used. Redirects are never followed here: OAuth endpoints answer directly.
 */
public final class NimbusHttp {

    private final OutboundHttp http;

    public NimbusHttp(OutboundHttp http) {
        this.http = http;
    }

    /** Throws {@link EgressException} when refused or not completed; any HTTP status is returned. */
    public HTTPResponse send(HTTPRequest request, String purpose) {
        OutboundResponse response = http.send(toOutbound(request, purpose));
        return toNimbus(response);
    }

    static OutboundRequest toOutbound(HTTPRequest request, String purpose) {
        String method = request.getMethod().name();
        URI uri = request.getURI();
        boolean hasBody = request.getMethod() == HTTPRequest.Method.POST || request.getMethod() == HTTPRequest.Method.PUT;
        if (!hasBody && uri.getRawQuery() == null && request.getQuery() != null && !request.getQuery().isEmpty()) {
            uri = URI.create(uri + "?" + request.getQuery());
        }
        Map<String, List<String>> headers = request.getHeaderMap();
        Optional<byte[]> body = Optional.ofNullable(hasBody ? request.getBody() : null)
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
        return new OutboundRequest(method, uri, headers, body, false, purpose);
    }

    static HTTPResponse toNimbus(OutboundResponse response) {
        HTTPResponse out = new HTTPResponse(response.status());
        response.headers().forEach((name, values) -> {
            if (!values.isEmpty()) {
                out.setHeader(canonical(name), values.toArray(new String[0]));
            }
        });
        String body = response.bodyText();
        if (!body.isEmpty()) {
            out.setBody(body);
        }
        return out;
    }

    /** The SDK looks headers up case-insensitively, but keeps the name it was given for display. */
    private static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return sb.toString();
    }
}
