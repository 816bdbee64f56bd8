package dev.latchkey.signin;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The browser protections of every {@code /signin} response, set before it is written so refusals,
 * redirects and errors of the framework carry them too: never cached (a page may show who is signed
 * in), never framed (no clickjacking of the sign-out or the development login), no referrer (the
 * callback's query holds a code), nothing loaded or posted elsewhere.
 */
final class SignInHeadersFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Cache-Control", "no-store");
        http.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        http.setHeader("X-Frame-Options", "DENY");
        http.setHeader("Referrer-Policy", "no-referrer");
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("X-Robots-Tag", "noindex, nofollow");
        chain.doFilter(request, response);
    }
}
