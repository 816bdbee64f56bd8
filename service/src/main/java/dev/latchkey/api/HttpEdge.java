package dev.latchkey.api;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Where every request meets Latchkey, whatever it asks: a request id on each, the request log's
 * redaction, request body limits, and one answer shape for every error (problem JSON from Jersey's
 * exception mappers, the servlet container and Jetty itself).
 */
public final class HttpEdge {

    private HttpEdge() {
    }

    public static void install(Environment environment, ApiLimitsFactory limits) {
        environment.servlets().addFilter("request-id", new RequestIdFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        ProblemErrorHandler jettyErrors = new ProblemErrorHandler();
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                // Before start, so the handler and the request log are started with the server.
                if (event instanceof Server server) {
                    server.setErrorHandler(jettyErrors);
                    RedactedRequestLog.install(server);
                }
            }
        });
        environment.getApplicationContext().setErrorHandler(new ServletProblemErrorHandler());
        environment.jersey().register(new BodySizeLimitFilter(limits.getMaxRequestBytes()));
        problemMappers().forEach(environment.jersey()::register);
    }

    /** The request filter and exception mappers that make every JAX-RS answer to bad input problem JSON. */
    public static List<Object> problemMappers() {
        return List.of(new NulParameterFilter(), new ProblemExceptionMapper(), new FailureMapper(),
                new WebApplicationExceptionMapper(), new JsonExceptionMapper(), new ValidationExceptionMapper(),
                new UnexpectedExceptionMapper());
    }
}
