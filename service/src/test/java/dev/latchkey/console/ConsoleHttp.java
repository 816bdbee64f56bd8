package dev.latchkey.console;

import dev.latchkey.testing.Http;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console as its tests drive it: an {@link Http.Session} plus the sign-in form and its CSRF field. */
public final class ConsoleHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final Http.Session session;

    public ConsoleHttp(String base) {
        this.session = new Http.Session(base);
    }

    public HttpResponse<String> get(String path) {
        return session.get(path);
    }

    public HttpResponse<String> post(String path, Map<String, String> form) {
        return session.post(path, form);
    }

    /** Signs in through the real form; returns the sign-in answer. */
    public HttpResponse<String> signIn(String name, String password) {
        String token = csrfOf(get("/console/login").body());
        return post("/console/login", Map.of("csrf", token, "name", name, "password", password, "next", "/console"));
    }

    String cookie(String name) {
        return session.cookie(name);
    }

    void setCookie(String name, String value) {
        session.setCookie(name, value);
    }

    public static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no csrf field in page:\n" + html);
        }
        return m.group(1);
    }

    static List<String> setCookies(HttpResponse<?> response) {
        return Http.setCookies(response);
    }
}
