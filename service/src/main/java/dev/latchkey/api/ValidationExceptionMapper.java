package dev.latchkey.api;

import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Bean-validation failures on request bodies and parameters: 400 with one entry per field. */
public final class ValidationExceptionMapper implements ExceptionMapper<JerseyViolationException> {

    @Override
    public Response toResponse(JerseyViolationException exception) {
        List<Map<String, String>> errors = exception.getConstraintViolations().stream()
                .map(violation -> Map.of("field", field(violation), "message", violation.getMessage()))
                .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                .toList();
        Problem problem = Problem.of(400, "invalid_request", "Invalid request",
                        errors.isEmpty() ? "The request is invalid."
                                : errors.get(0).get("field") + " " + errors.get(0).get("message") + ".")
                .withExtension("errors", errors);
        return ProblemResponses.of(problem);
    }

    private static String field(ConstraintViolation<?> violation) {
        // Path is "method.arg0.field": keep the bean property names only.
        List<String> names = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .filter(node -> node.getKind() == jakarta.validation.ElementKind.PROPERTY
                        || node.getKind() == jakarta.validation.ElementKind.PARAMETER)
                .map(Path.Node::getName)
                .toList();
        String last = names.isEmpty() ? "request" : names.get(names.size() - 1);
        return last.startsWith("arg") ? "body" : last;
    }
}
