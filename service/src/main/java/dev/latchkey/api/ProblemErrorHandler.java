package dev.latchkey.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any resource runs (a malformed URI, oversized headers, a
 * request it cannot parse): problem JSON like every other API error, and a plain HTML page on the
 * browser pages when the request got far enough to name one. Never a stack trace.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Jetty writes an error body only for GET, POST and HEAD by default; a DELETE or PATCH deserves one too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        write(request, response, code, callback);
    }

    /** The answer to an error on {@code request}; also for the servlet context's own errors. */
    static void write(Request request, Response response, int code, Callback callback) {
        String id = RequestIds.acceptOrMint(request.getHeaders().get(RequestIds.HEADER));
        response.getHeaders().put(RequestIds.HEADER, id);
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        if (path != null && BrowserPaths.isBrowserPage(path)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
            response.write(true, ByteBuffer.wrap(page(code, id)), callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(body(code, id)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return ByteBuffer.wrap(body(status, null));
    }

    /** A page without templates (the application may not be reachable from here); the request id is ours, escaped. */
    static byte[] page(int status, String requestId) {
        String reason = Objects.requireNonNullElse(HttpStatus.getMessage(status), "Error");
        String id = requestId.replaceAll("[^A-Za-z0-9_.-]", "");
        return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + reason
                + " · Latchkey</title></head><body><main><h1>" + reason + "</h1><p>The request was not understood"
                + ". Ask your assistant for a new link if you need one.</p><p>Request id " + id
                + "</p></main></body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] body(int status, String requestId) {
        String reason = HttpStatus.getMessage(status);
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
        String detail = status >= 500 ? "The request could not be completed; quote the request id when reporting it."
                : "The request was not understood (" + reason + ").";
        try {
            return JSON.writeValueAsBytes(Problem.of(status, code, reason, detail).withRequestId(requestId));
        } catch (JsonProcessingException e) {
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
