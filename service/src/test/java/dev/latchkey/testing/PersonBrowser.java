package dev.latchkey.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person with a browser of their own (its own cookies), walking a journey one hop at a time as they
 * would: at the identity provider's login form (oidc-peer --login-form) they type their account name, on
 * Latchkey's consent page they press Allow (or Deny), on a landing page they press Continue; every other
 * page ends the walk. What they saw is kept, hop by hop, for the test to read.
 */
public final class PersonBrowser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
    private static final Pattern CONTINUE = Pattern.compile("<a id=\"continue\" class=\"button\" href=\"([^\"]+)\"");

    /** What a person does on Latchkey's consent page. */
    public enum Consent { ALLOW, DENY }

    /** One page of the journey: where, what status, and its body. */
    public record Hop(URI url, int status, String body) {
    }

    private final String account;
    private final Consent consent;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    public PersonBrowser(String account, Consent consent) {
        this.account = account;
        this.consent = consent;
    }

    /** Walks from {@code start} until a page asks nothing of the person; every page on the way, in order. */
    public List<Hop> walk(String start) {
        return walk(start, Optional.empty());
    }

    /**
     * Walks from {@code start} until the browser is sent to an address starting with {@code target} (a
     * client's redirect URI where nothing listens), and returns that address without opening it.
     */
    public URI sentTo(String start, String target) {
        List<Hop> hops = walk(start, Optional.of(target));
        Hop last = hops.get(hops.size() - 1);
        if (!last.url().toString().startsWith(target)) {
            throw new AssertionError("the journey ended at " + last.url() + " (HTTP " + last.status() + "): "
                    + last.body());
        }
        return last.url();
    }

    private List<Hop> walk(String start, Optional<String> target) {
        List<Hop> hops = new ArrayList<>();
        URI current = URI.create(start);
        HttpResponse<String> response = get(current);
        for (int step = 0; step < 30; step++) {
            hops.add(new Hop(current, response.statusCode(), response.body()));
            Optional<String> location = response.headers().firstValue("location");
            String body = response.body();
            if (response.statusCode() / 100 == 3 && location.isPresent()) {
                current = current.resolve(location.get());
                if (target.filter(current.toString()::startsWith).isPresent()) {
                    hops.add(new Hop(current, 0, ""));
                    return hops;
                }
                response = get(current);
            } else if (response.statusCode() == 200 && body.contains("id=\"login\"")) {
                response = post(current.resolve(action(body)), Map.of("account", account));
            } else if (response.statusCode() == 200 && body.contains("name=\"decision\"")) {
                Map<String, String> form = hidden(body);
                form.put("decision", consent == Consent.ALLOW ? "allow" : "deny");
                response = post(current.resolve(action(body)), form);
            } else if (response.statusCode() == 200 && CONTINUE.matcher(body).find()) {
                Matcher next = CONTINUE.matcher(body);
                next.find();
                current = current.resolve(unescape(next.group(1)));
                response = get(current);
            } else {
                return hops;
            }
        }
        throw new AssertionError("the journey did not end within 30 pages: " + hops.get(hops.size() - 1).url());
    }

    /** The last page of a walk from {@code start}. */
    public Hop open(String start) {
        List<Hop> hops = walk(start);
        return hops.get(hops.size() - 1);
    }

    public HttpResponse<String> get(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    public HttpResponse<String> post(URI url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")))));
    }

    private static String action(String body) {
        Matcher action = FORM_ACTION.matcher(body);
        if (!action.find()) {
            throw new AssertionError("a form without an action: " + body);
        }
        return unescape(action.group(1));
    }

    private static Map<String, String> hidden(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher matcher = HIDDEN.matcher(body);
        while (matcher.find()) {
            form.put(matcher.group(1), unescape(matcher.group(2)));
        }
        return form;
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

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#x3D;", "=").replace("&amp;", "&");
    }
}
