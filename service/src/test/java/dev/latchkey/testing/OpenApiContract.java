package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.latchkey.api.OpenApiResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks an answer of the REST API against the OpenAPI document (service/src/main/resources/openapi):
 * the path and method must be documented, the status too (or the operation's {@code default}), and
 * the body must match the schema of that status and media type. The schemas are checked by an
 * independent validator, networknt's json-schema-validator, in its OpenAPI 3.1 dialect (JSON Schema
 * 2020-12) — Atlassian's swagger-request-validator reads OpenAPI 3.0 only.
 */
public final class OpenApiContract {

    private static final String BASE = "https://latchkey.invalid/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract INSTANCE = new OpenApiContract(OpenApiResource.load());

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** A documented path and the pattern that matches its concrete paths. */
    private record Template(String path, Pattern pattern) {
    }

    OpenApiContract(JsonNode document) {
        this.document = document;
        String text;
        try {
            text = JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(BASE, text)));
        for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
            String path = it.next();
            String regex = Pattern.quote(path).replaceAll("\\{[^/]+}", "\\\\E[^/]+\\\\Q");
            templates.add(new Template(path, Pattern.compile(regex)));
        }
        // A concrete path is matched before a templated one that also fits it, as OpenAPI says.
        templates.sort(java.util.Comparator.comparing(t -> t.path.contains("{")));
    }

    public static OpenApiContract instance() {
        return INSTANCE;
    }

    public JsonNode document() {
        return document;
    }

    /** True for what the document describes: Latchkey's REST API under /v1. */
    public static boolean covers(URI uri) {
        return uri.getRawPath() != null && uri.getRawPath().startsWith("/v1/");
    }

    /** Throws an AssertionError naming every mismatch when the answer does not keep the contract. */
    public void check(String method, URI uri, int status, String contentType, String body) {
        List<String> mismatches = mismatches(method, uri.getRawPath(), status, contentType, body);
        if (!mismatches.isEmpty()) {
            throw new AssertionError("The answer to " + method + " " + uri.getRawPath() + " (HTTP " + status
                    + ") breaks the OpenAPI document:\n  " + String.join("\n  ", mismatches) + "\nbody: " + body);
        }
    }

    /** Throws an AssertionError when {@code value} does not match the document's schema {@code name}. */
    public void checkSchema(String name, JsonNode value, String what) {
        List<String> mismatches = validate("#/components/schemas/" + name, value);
        if (!mismatches.isEmpty()) {
            throw new AssertionError(what + " breaks the OpenAPI document's " + name + ":\n  "
                    + String.join("\n  ", mismatches) + "\nvalue: " + value);
        }
    }

    List<String> mismatches(String method, String path, int status, String contentType, String body) {
        Optional<Template> template = templates.stream().filter(t -> t.pattern.matcher(path).matches()).findFirst();
        String operation = method.toLowerCase(Locale.ROOT);
        if (template.isEmpty() || !document.path("paths").path(template.get().path).has(operation)) {
            // Not a documented operation: only an error is expected there, and every error is a problem.
            return status >= 400 ? bodyMismatches("#/components/schemas/Problem", contentType,
                    "application/problem+json", body)
                    : List.of("no documented operation " + method + " " + path);
        }
        String pointer = "/paths/" + escape(template.get().path) + "/" + operation + "/responses";
        JsonNode responses = document.at(pointer);
        String key = responses.has(String.valueOf(status)) ? String.valueOf(status) : "default";
        JsonNode response = resolve(responses.path(key));
        if (response.isMissingNode()) {
            return List.of("status " + status + " is not documented for " + method + " " + template.get().path);
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isEmpty() ? List.of()
                    : List.of("status " + status + " is documented without a body, yet one came");
        }
        String mediaType = mediaType(contentType);
        if (!content.has(mediaType)) {
            return List.of("media type " + mediaType + " is not documented for status " + status
                    + " (documented: " + content.fieldNames().next() + ")");
        }
        String schemaRef = content.path(mediaType).path("schema").has("$ref")
                ? content.path(mediaType).path("schema").path("$ref").asText()
                : "#" + responsePointer(pointer, key, responses) + "/content/" + escape(mediaType) + "/schema";
        return bodyMismatches(schemaRef, contentType, mediaType, body);
    }

    private List<String> bodyMismatches(String schemaRef, String contentType, String expectedType, String body) {
        if (!mediaType(contentType).equals(expectedType)) {
            return List.of("media type " + mediaType(contentType) + ", expected " + expectedType);
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return List.of("the body is not JSON");
        }
        if (parsed == null || parsed.isMissingNode()) {
            return List.of("no body, expected " + expectedType);
        }
        return validate(schemaRef, parsed);
    }

    /** The schema at {@code ref} (a fragment of the document) applied to {@code value}, formats asserted. */
    private List<String> validate(String ref, JsonNode value) {
        Schema schema = schemas.computeIfAbsent(ref, at -> registry.getSchema(SchemaLocation.of(BASE + at)));
        return schema.validate(value, run -> run.executionConfig(config -> config.formatAssertionsEnabled(true)))
                .stream().map(Error::toString).toList();
    }

    /** Where the response of {@code key} lives, following a {@code $ref} to components/responses. */
    private String responsePointer(String pointer, String key, JsonNode responses) {
        JsonNode response = responses.path(key);
        return response.has("$ref") ? response.path("$ref").asText().substring(1) : pointer + "/" + key;
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.path("$ref").asText().substring(1)) : node;
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** JSON Pointer escaping (RFC 6901). */
    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
