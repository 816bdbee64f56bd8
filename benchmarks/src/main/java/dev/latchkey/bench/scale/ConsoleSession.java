package dev.latchkey.bench.scale;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in console operator: the login form's CSRF field and the session cookie, like a browser. */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    private ConsoleSession(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static ConsoleSession signIn(String baseUrl, String name, String password) throws IOException, InterruptedException {
        ConsoleSession session = new ConsoleSession(baseUrl);
        HttpResponse<String> page = session.http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/console/login"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String form = page.body();
        Matcher csrf = CSRF.matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("the console login form has no csrf field: HTTP " + page.statusCode()
                    + " " + form.substring(0, Math.min(300, form.length())).replaceAll("\\s+", " "));
        }
        String body = "csrf=" + enc(csrf.group(1)) + "&next=" + enc("/console/flows") + "&name=" + enc(name)
                + "&password=" + enc(password);
        HttpResponse<String> answer = session.http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 303) {
            throw new IllegalStateException("console sign-in answered " + answer.statusCode());
        }
        return session;
    }

    HttpClient http() {
        return http;
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).build();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
