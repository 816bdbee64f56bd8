package dev.latchkey.rehearsal;

import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;

/**
 * Calls the server's own JAX-RS application on the calling thread, without a connector or a socket:
 * the request goes through the same filters, authentication, readers, resource methods, exception
 * mappers and writers as one that arrived over HTTP, and the answer is read back from memory.
 */
final class InProcessApi {

    /** An answer: its status and its body as text. */
    record Reply(int status, String body) {
    }

    private static final URI BASE = URI.create("http://in-process/");

    private final ApplicationHandler application;

    InProcessApi(ApplicationHandler application) {
        this.application = application;
    }

    /**
     * What an authenticated request over a connector adds to one in process: Dropwizard's auth hands
     * the caller to Jetty as a user identity, which holds a read-only {@link Subject}. Building one
     * that way loads a JDK resource bundle, which the first real request would otherwise pay for (the
     * no-argument constructor does not); build one here, once per start.
     */
    static void prepareConnectorAuthentication() {
        Principal rehearsal = () -> "rehearsal";
        new Subject(true, Set.of(rehearsal), Set.of(), Set.of());
    }

    Reply call(String method, String path, Map<String, String> headers, String body) throws Exception {
        ContainerRequest request = new ContainerRequest(BASE, BASE.resolve(path), method, ANONYMOUS,
                new MapPropertiesDelegate(), application.getConfiguration());
        headers.forEach(request::header);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
        Captured captured = new Captured();
        request.setWriter(captured);
        ContainerResponse response = application.apply(request).get(10, TimeUnit.SECONDS);
        return new Reply(response.getStatus(), captured.body.toString(StandardCharsets.UTF_8));
    }

    private static final SecurityContext ANONYMOUS = new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return null;
        }
    };

    /** Keeps the response body in memory. */
    private static final class Captured implements ContainerResponseWriter {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public OutputStream writeResponseStatusAndHeaders(long contentLength, ContainerResponse response) {
            return body;
        }

        @Override
        public boolean suspend(long timeOut, TimeUnit timeUnit, TimeoutHandler timeoutHandler) {
            return false;
        }

        @Override
        public void setSuspendTimeout(long timeOut, TimeUnit timeUnit) {
        }

        @Override
        public void commit() {
        }

        @Override
        public void failure(Throwable error) {
        }

        @Override
        public boolean enableResponseBuffering() {
            return false;
        }
    }
}
