package dev.latchkey.event;

import dev.latchkey.api.ProblemException;
import dev.latchkey.auth.Caller;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/instructions[?version=N]}: the system-prompt addendum for models, pinnable by version. */
@Path("/v1/instructions")
@Produces(MediaType.APPLICATION_JSON)
public final class InstructionsResource {

    @GET
    public ModelInstructions.Version get(@Auth Caller caller, @QueryParam("version") String version) {
        int wanted = ModelInstructions.LATEST;
        if (version != null && !version.isBlank()) {
            try {
                wanted = Integer.parseInt(version.trim());
            } catch (NumberFormatException e) {
                throw unknown(version);
            }
        }
        String asked = version;
        return ModelInstructions.version(wanted).orElseThrow(() -> unknown(asked));
    }

    private static ProblemException unknown(String version) {
        return new ProblemException(404, "unknown_instructions_version", "Not found",
                "No instructions version " + MessageContextNotice.sanitize(version).replaceAll("[^0-9A-Za-z._-]", "")
                        + "; published versions: " + ModelInstructions.versions() + ".");
    }
}
