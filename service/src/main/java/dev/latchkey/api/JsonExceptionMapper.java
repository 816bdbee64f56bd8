package dev.latchkey.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Malformed or ill-typed JSON is the caller's error: 400, naming the field but never echoing input. */
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        if (exception instanceof JsonParseException || truncated(exception)) {
            return ProblemResponses.of(Problem.of(400, "malformed_json", "Malformed JSON",
                    "The request body is not valid JSON."));
        }
        if (exception instanceof UnrecognizedPropertyException unknown) {
            return ProblemResponses.of(Problem.of(400, "invalid_body", "Invalid request body",
                    "Unknown field '" + safe(unknown.getPropertyName()) + "'."));
        }
        if (exception instanceof InvalidFormatException || exception instanceof MismatchedInputException) {
            String field = ((MismatchedInputException) exception).getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("body");
            return ProblemResponses.of(Problem.of(400, "invalid_body", "Invalid request body",
                    "Field '" + safe(field) + "' has the wrong type or shape."));
        }
        return ProblemResponses.of(Problem.of(400, "invalid_body", "Invalid request body",
                "The request body could not be read."));
    }

    /** Input that ended in the middle of a value is malformed, not merely ill-typed. */
    private static boolean truncated(JsonProcessingException exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException) {
                return true;
            }
        }
        String message = exception.getOriginalMessage();
        return message != null && (message.contains("end-of-input") || message.startsWith("No content to map"));
    }

    private static String safe(String name) {
        if (name == null) {
            return "?";
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9_.\\[\\]-]", "");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
