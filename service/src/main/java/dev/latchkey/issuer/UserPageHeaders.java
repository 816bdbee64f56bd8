package dev.latchkey.issuer;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The headers of the authorization server's pages for a person: never cached, framed, sniffed or referred on. */
final class UserPageHeaders {

    private UserPageHeaders() {
    }

    static Response.ResponseBuilder protect(Response.ResponseBuilder builder) {
        return builder.type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    }
}
