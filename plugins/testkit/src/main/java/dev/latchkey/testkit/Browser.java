package dev.latchkey.testkit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A user's browser, minus the user: opens the landing link, follows Continue and every redirect. */
final class Browser {

    private static final Pattern CONTINUE = Pattern.compile("id=\"continue\"[^>]*href=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /** Returns the status of the last page (Latchkey's callback page, normally). */
    int follow(String landingUrl) throws IOException, InterruptedException {
        HttpResponse<String> landing = get(URI.create(landingUrl));
        Matcher next = CONTINUE.matcher(landing.body());
        if (landing.statusCode() != 200 || !next.find()) {
            return landing.statusCode();
        }
        URI current = URI.create(next.group(1).replace("&amp;", "&"));
        for (int hop = 0; hop < 20; hop++) {
            HttpResponse<String> response = get(current);
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return response.statusCode();
            }
            current = current.resolve(location.get());
        }
        throw new IOException("too many redirects");
    }

    private HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
