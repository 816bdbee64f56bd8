package dev.latchkey.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/** Maps the JAX-RS exceptions Jersey raises itself (unknown path, wrong method, wrong media type). */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        Problem problem;
        if (exception instanceof NotFoundException) {
            problem = Problem.of(404, "not_found", "Not found", "No resource lives at this path.");
        } else if (exception instanceof NotAllowedException) {
            problem = Problem.of(405, "method_not_allowed", "Method not allowed",
                    "This resource does not support that HTTP method.");
            String allow = exception.getResponse().getHeaderString("Allow");
            return ProblemResponses.of(problem, allow == null ? Map.of() : Map.of("Allow", allow));
        } else if (exception instanceof NotSupportedException) {
            problem = Problem.of(415, "unsupported_media_type", "Unsupported media type",
                    "Send the request body as application/json.");
        } else if (exception instanceof NotAcceptableException) {
            problem = Problem.of(406, "not_acceptable", "Not acceptable",
                    "This resource answers with application/json.");
        } else if (status == 413) {
            problem = Problem.of(413, "payload_too_large", "Payload too large", "The request body is too large.");
        } else if (status >= 500) {
            problem = Problem.of(status, "internal_error", "Internal error",
                    "The request could not be completed; quote the request id when reporting it.");
        } else {
            Response.Status.Family family = Response.Status.Family.familyOf(status);
            String reason = Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : family.name();
            problem = Problem.of(status, "http_" + status, reason, "The request was not accepted.");
        }
        return ProblemResponses.of(problem);
    }
}
