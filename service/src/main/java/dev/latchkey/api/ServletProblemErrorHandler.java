package dev.latchkey.api;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors the application's servlet context answers itself, after Jetty parsed the request but before
 * Jersey sees it (an ambiguous path such as {@code %2e%2e}, a method the server does not allow):
 * the same problem JSON, or page on a browser path, as {@link ProblemErrorHandler}. Jetty's default
 * would send an empty body or its own HTML.
 */
public final class ServletProblemErrorHandler extends ErrorHandler {

    /** Whatever the Accept header says (the default answers nothing to one it cannot parse). */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ProblemErrorHandler.write(request, response, response.getStatus(), callback);
        return true;
    }
}
