package dev.latchkey.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The browser protections of every {@code /console/*} response, set before the response is
 * written so that errors and redirects carry them too: no framing, nothing but our own origin,
 * no referrer, no MIME sniffing, and no caching of pages that show operational data.
 */
public final class ConsoleHeadersFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        http.setHeader("Referrer-Policy", "no-referrer");
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("X-Frame-Options", "DENY");
        http.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}
