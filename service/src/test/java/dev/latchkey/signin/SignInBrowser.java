package dev.latchkey.signin;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser for the sign-in tests: its own cookie jar, redirects followed one hop at a
 * time, and at the identity provider's login form it types the account name it is told.
 */
final class SignInBrowser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")))));
    }

    /**
     * Follows {@code start} through the identity provider, signing in there as {@code account}, up to
     * the redirect back to Latchkey's callback, which it returns without opening it.
     */
    URI toCallback(URI start, String account) {
        URI current = start;
        for (int hop = 0; hop < 20; hop++) {
            HttpResponse<String> response = get(current.toString());
            if (response.statusCode() == 200 && response.body().contains("id=\"login\"")) {
                Matcher action = FORM_ACTION.matcher(response.body());
                if (!action.find()) {
                    throw new AssertionError("login form without an action: " + response.body());
                }
                response = post(current.resolve(action.group(1)).toString(), Map.of("account", account));
            }
            Optional<String> location = response.headers().firstValue("location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                throw new AssertionError("the identity provider stopped at HTTP " + response.statusCode() + " "
                        + current + ": " + response.body());
            }
            URI next = current.resolve(location.get());
            if (next.getPath().equals("/signin/callback")) {
                return next;
            }
            current = next;
        }
        throw new AssertionError("too many redirects on the way to the callback");
    }

    /** The whole sign-in: start at Latchkey, sign in as {@code account}, and open the callback. */
    HttpResponse<String> signIn(String startUrl, String account) {
        HttpResponse<String> start = get(startUrl);
        if (start.statusCode() != 302) {
            throw new AssertionError("sign-in did not start: HTTP " + start.statusCode() + " " + start.body());
        }
        return get(toCallback(URI.create(start.headers().firstValue("location").orElseThrow()), account).toString());
    }

    Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }

    /** The request headers a page of Latchkey would see from this browser (its cookies). */
    HttpHeaders headers() {
        Map<String, Cookie> jar = cookies.getCookieStore().getCookies().stream().collect(Collectors.toMap(
                HttpCookie::getName, c -> new Cookie.Builder(c.getName()).value(c.getValue()).build(), (a, b) -> b));
        return new RequestCookies(jar);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Request headers carrying only cookies: what {@link SignInGate#current} reads. */
    private record RequestCookies(Map<String, Cookie> cookies) implements HttpHeaders {

        @Override
        public List<String> getRequestHeader(String name) {
            return List.of();
        }

        @Override
        public String getHeaderString(String name) {
            return null;
        }

        @Override
        public MultivaluedMap<String, String> getRequestHeaders() {
            return new MultivaluedHashMap<>();
        }

        @Override
        public List<MediaType> getAcceptableMediaTypes() {
            return List.of(MediaType.WILDCARD_TYPE);
        }

        @Override
        public List<Locale> getAcceptableLanguages() {
            return List.of();
        }

        @Override
        public MediaType getMediaType() {
            return null;
        }

        @Override
        public Locale getLanguage() {
            return null;
        }

        @Override
        public Map<String, Cookie> getCookies() {
            return cookies;
        }

        @Override
        public Date getDate() {
            return null;
        }

        @Override
        public int getLength() {
            return -1;
        }
    }
}
