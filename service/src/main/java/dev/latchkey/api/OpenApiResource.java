package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * {@code GET /v1/openapi.json}: the REST API's contract, public like {@code /v1/meta}. It is written
 * by hand in YAML (readable in review, {@code openapi/latchkey.yaml}) and served as JSON, read once.
 */
@Path("/v1/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public final class OpenApiResource {

    public static final String DOCUMENT = "/openapi/latchkey.yaml";

    private final JsonNode document;

    public OpenApiResource(JsonNode document) {
        this.document = document;
    }

    /**
     * The document as this instance serves it: its one server is {@code publicBaseUrl}, so a client
     * generated from {@code GET /v1/openapi.json} calls the Latchkey it was read from.
     */
    public static JsonNode servedAt(URI publicBaseUrl) {
        ObjectNode document = (ObjectNode) load();
        ArrayNode servers = document.putArray("servers");
        // The paths start with /v1: the base is the origin (and any path prefix) without a trailing slash.
        servers.addObject().put("url", publicBaseUrl.toString().replaceAll("/+$", ""))
                .put("description", "this Latchkey");
        return document;
    }

    /** The document on the class path, parsed. */
    public static JsonNode load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the class path");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    public JsonNode document() {
        return document;
    }
}
