package dev.latchkey.discovery;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundResponse;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.Timeline;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fetches the first of several well-known URLs that answers 200 with a JSON object. */
final class MetadataFetch {

    /** A JSON document and how long it may be reused. */
    record Fetched(URI url, String body, Map<String, Object> json, Duration ttl) {
    }

    private final OutboundHttp http;
    private final Duration maxTtl;

    MetadataFetch(OutboundHttp http, Duration maxTtl) {
        this.http = http;
        this.maxTtl = maxTtl;
    }

    Optional<Fetched> first(List<URI> candidates, Timeline.Recorder step, String purpose, Deadline deadline) {
        for (URI url : candidates) {
            Duration left = deadline.remaining();
            step.tried(url);
            OutboundResponse response = get(url, purpose, left);
            if (response.status() != 200) {
                continue;
            }
            Optional<Map<String, Object>> json = parse(response.bodyText());
            if (json.isPresent()) {
                return Optional.of(new Fetched(url, response.bodyText(), json.get(), CachePolicy.ttl(response, maxTtl)));
            }
        }
        return Optional.empty();
    }

    private OutboundResponse get(URI url, String purpose, Duration left) {
        try {
            return http.send(OutboundRequest.get(url, purpose).within(left));
        } catch (EgressException e) {
            throw failure(GuardedHttpClient.withoutQuery(url), e);
        }
    }

    static Failure failure(URI url, EgressException e) {
        String description = "the request to " + url + " did not complete: " + e.getMessage();
        return switch (e.kind()) {
            case BLOCKED -> Failure.upstream("egress_blocked", "the request to " + url + " was refused: " + e.getMessage());
            case INSECURE -> Failure.upstream("insecure_endpoint", url + " is not https: " + e.getMessage());
            default -> Failure.upstream("discovery_failed", description);
        };
    }

    private static Optional<Map<String, Object>> parse(String body) {
        try {
            return Optional.of(JSONObjectUtils.parse(body));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
