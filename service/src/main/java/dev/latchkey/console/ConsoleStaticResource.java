package dev.latchkey.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The console's one stylesheet, served from the ui-templates jar (no CDN, no other asset). */
@Path("/console/static")
public final class ConsoleStaticResource {

    private final byte[] stylesheet;

    public ConsoleStaticResource() {
        try (InputStream in = ConsoleStaticResource.class.getResourceAsStream("/ui/static/latchkey.css")) {
            if (in == null) {
                throw new IllegalStateException("the stylesheet /ui/static/latchkey.css is missing from the classpath");
            }
            this.stylesheet = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("/latchkey.css")
    @Produces("text/css; charset=utf-8")
    public Response stylesheet() {
        return Response.ok(stylesheet).header("Cache-Control", "public, max-age=3600").build();
    }
}
