package dev.latchkey.limits;

import dev.latchkey.metrics.DomainMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Throttles the unauthenticated browser pages (the landing link, the OAuth callback and sign-in) per client
 * address, before any work is done for them: over the rate, a small 429 page with Retry-After.
 */
public final class BrowserThrottleFilter extends HttpFilter {

    /** Addresses tracked at most; under a flood from more, the least recently seen start afresh. */
    private static final long MAX_ADDRESSES = 100_000;
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="referrer" content="no-referrer">
              <title>Too many requests · Latchkey</title>
              <link rel="stylesheet" href="/static/latchkey.css">
            </head>
            <body class="user-page">
              <main class="panel">
                <p class="panel-brand">Latchkey</p>
                <h1 class="bad">Too many requests</h1>
                <p>This network has opened too many Latchkey pages in a short time.
                   Wait %d seconds, then reload this page.</p>
              </main>
            </body>
            </html>
            """;

    private final transient TokenBuckets buckets;
    private final transient ClientAddresses addresses;
    private final transient DomainMetrics metrics;

    public BrowserThrottleFilter(LimitsFactory.Browser config) {
        this(config, DomainMetrics.unexported());
    }

    public BrowserThrottleFilter(LimitsFactory.Browser config, DomainMetrics metrics) {
        this.buckets = new TokenBuckets(config, MAX_ADDRESSES, System::nanoTime);
        this.addresses = ClientAddresses.trusting(config.getTrustedProxies());
        this.metrics = metrics;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> forwarded = Collections.list(request.getHeaders("X-Forwarded-For"));
        Optional<Duration> wait = buckets.take(addresses.key(request.getRemoteAddr(), forwarded));
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        metrics.limitRefused(DomainMetrics.Limit.BROWSER_RATE);
        long seconds = TokenBuckets.retryAfterSeconds(wait.get());
        byte[] page = PAGE.formatted(seconds).getBytes(StandardCharsets.UTF_8);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }
}
