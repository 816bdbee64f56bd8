package dev.latchkey.probe;

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

/**
 * Follows an authorization link the way a user's browser would, for authorization servers that
 * approve without a person: the landing page (keeping its cookie), its Continue link, every
 * redirect through the authorization server, and finally Latchkey's callback page.
 */
public final class HeadlessBrowser {

    private static final Pattern CONTINUE = Pattern.compile("id=\"continue\"[^>]*href=\"([^\"]+)\"");
    private static final int MAX_HOPS = 20;

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** Where the journey ended: the last page's status, URL and body. */
    public record Journey(int status, URI lastUrl, String body) {
    }

    /** Opens the landing link and, if it offers the way on, follows it to the end. */
    public Journey follow(String authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<String> landing = get(URI.create(authorizationUrl));
        Optional<String> next = continueLink(landing.body());
        if (landing.statusCode() != 200 || next.isEmpty()) {
            return new Journey(landing.statusCode(), landing.uri(), landing.body());
        }
        return followRedirects(URI.create(next.get()));
    }

    /** Opens the landing page only and returns the authorization server URL it leads to. */
    public Optional<String> open(String authorizationUrl) throws IOException, InterruptedException {
        return continueLink(get(URI.create(authorizationUrl)).body());
    }

    public Journey followRedirects(URI start) throws IOException, InterruptedException {
        URI current = start;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            HttpResponse<String> response = get(current);
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return new Journey(response.statusCode(), current, response.body());
            }
            current = current.resolve(location.get());
        }
        throw new IOException("too many redirects while following the authorization");
    }

    public HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Optional<String> continueLink(String html) {
        Matcher matcher = CONTINUE.matcher(html == null ? "" : html);
        return matcher.find() ? Optional.of(unescape(matcher.group(1))) : Optional.empty();
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">");
    }
}
