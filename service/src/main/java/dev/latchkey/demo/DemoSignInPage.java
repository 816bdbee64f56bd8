package dev.latchkey.demo;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.commons.text.StringEscapeUtils;

/** The demo authorization server's pages: the sign-in the user answers, and a plain error. */
final class DemoSignInPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1a1a1a;line-height:1.5}.demo{background:#fff4ce;border:1px solid #8a6d00;"
            + "padding:.5rem .75rem;border-radius:4px}label{display:block;margin:1rem 0 .25rem}"
            + "input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}button{font:inherit;"
            + "padding:.5rem 1rem;margin:1rem .5rem 0 0}";

    private DemoSignInPage() {
    }

    static void render(HttpServletResponse response, String handle, AuthorizationRequest request) throws IOException {
        String scope = request.getScope() == null ? "(none)" : request.getScope().toString();
        String resource = Optional.ofNullable(request.getResources()).orElse(List.of()).stream().map(URI::toString)
                .findFirst().orElse("(not named)");
        write(response, 200, "Sign in — Latchkey demo", "<h1>Sign in to the demo MCP server</h1>"
                + "<p>An application is asking to use the demo MCP server as you.</p>"
                + "<p>Access asked for: <strong>" + html(scope) + "</strong> on <code>" + html(resource)
                + "</code></p><form method=\"post\" action=\"/authorize\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + html(handle) + "\">"
                + "<label for=\"user\">Your name</label>"
                + "<input id=\"user\" name=\"user\" value=\"demo-user\" maxlength=\"64\" required>"
                + "<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Sign in and allow</button>"
                + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form>");
    }

    static void error(HttpServletResponse response, String message) throws IOException {
        write(response, 400, "Sign-in problem — Latchkey demo", "<h1>Sign-in problem</h1><p>" + html(message) + "</p>");
    }

    private static void write(HttpServletResponse response, int status, String title, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width\"><style>" + STYLE + "</style></head>"
                + "<body><main><p class=\"demo\" role=\"note\">Demo authorization server of <code>latchkey demo</code>"
                + " — not a real identity provider: whoever signs in here is believed.</p>" + body + "</main></body></html>";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    private static String html(String text) {
        return StringEscapeUtils.escapeHtml4(text);
    }
}
