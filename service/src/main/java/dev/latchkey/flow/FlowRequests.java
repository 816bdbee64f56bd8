package dev.latchkey.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.api.Problem;
import dev.latchkey.api.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a start-flow request field by field, answering one 400 problem that lists every error. */
public final class FlowRequests {

    private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9._:/@-]{1,200}");
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** A request that passed validation. */
    public record Valid(URI serverUrl, String subject, Optional<String> serverId, String wwwAuthenticate,
                        List<String> scopes, Optional<String> contextJson) {
    }

    private final ObjectMapper json;
    private final int maxContextBytes;

    public FlowRequests(ObjectMapper json, int maxContextBytes) {
        this.json = json;
        this.maxContextBytes = maxContextBytes;
    }

    public Valid validate(StartFlowRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("invalid_request", "Send a JSON body with serverUrl and subject.");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        URI url = serverUrl(request.serverUrl(), errors);
        if (request.subject() == null || request.subject().isBlank()) {
            errors.add(error("subject", "is required"));
        } else if (request.subject().length() > 200 || CONTROL.matcher(request.subject()).find()) {
            errors.add(error("subject", "must be at most 200 characters without control characters"));
        }
        if (request.serverId() != null && !SERVER_ID.matcher(request.serverId()).matches()) {
            errors.add(error("serverId", "must be 1-200 letters, digits or . _ : / @ -"));
        }
        if (request.wwwAuthenticate() != null && request.wwwAuthenticate().length() > 4000) {
            errors.add(error("wwwAuthenticate", "must be at most 4000 characters"));
        }
        if (request.scopes().size() > 50 || !request.scopes().stream().allMatch(s -> s != null && SCOPE_TOKEN.matcher(s).matches())) {
            errors.add(error("scopes", "must be at most 50 RFC 6749 scope tokens"));
        }
        Optional<String> context = context(request, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "invalid_request", "Invalid request",
                    errors.get(0).get("field") + " " + errors.get(0).get("message") + ".").withExtension("errors", errors));
        }
        return new Valid(url, request.subject(), Optional.ofNullable(request.serverId()),
                request.wwwAuthenticate() == null ? "" : request.wwwAuthenticate(), request.scopes(), context);
    }

    private static URI serverUrl(String raw, List<Map<String, String>> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(error("serverUrl", "is required"));
            return null;
        }
        try {
            URI url = new URI(raw.trim());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (raw.length() > 2000 || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null
                    || url.getRawUserInfo() != null) {
                errors.add(error("serverUrl", "must be an absolute http(s) URL with a host and no user info"));
                return null;
            }
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
        } catch (URISyntaxException e) {
            errors.add(error("serverUrl", "is not a valid URL"));
            return null;
        }
    }

    private Optional<String> context(StartFlowRequest request, List<Map<String, String>> errors) {
        if (request.context() == null || request.context().isNull()) {
            return Optional.empty();
        }
        if (!request.context().isObject()) {
            errors.add(error("context", "must be a JSON object"));
            return Optional.empty();
        }
        try {
            String serialized = json.writeValueAsString(request.context());
            if (serialized.getBytes(StandardCharsets.UTF_8).length > maxContextBytes) {
                errors.add(error("context", "must be at most " + maxContextBytes + " bytes of JSON"));
                return Optional.empty();
            }
            return Optional.of(serialized);
        } catch (JsonProcessingException e) {
            errors.add(error("context", "must be a JSON object"));
            return Optional.empty();
        }
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
