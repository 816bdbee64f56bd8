package dev.latchkey.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.api.PageView;
import dev.latchkey.api.ProblemException;
import dev.latchkey.api.QueryParameters;
import dev.latchkey.auth.Caller;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code GET /v1/events}: the caller's events in order, cursor-paginated, with optional long-poll. */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public final class EventsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_WAIT_SECONDS = 30;

    private final EventLongPoll longPoll;
    private final ObjectMapper json;

    public EventsResource(EventLongPoll longPoll, ObjectMapper json) {
        this.longPoll = longPoll;
        this.json = json;
    }

    /**
     * One page of the feed, oldest first. Unlike the other lists, {@code nextCursor} is never null: it
     * is where the next read starts, also when nothing newer exists yet. {@code after} is the name
     * this parameter had before the envelope was unified, still read when {@code cursor} is absent.
     */
    @GET
    public void list(@Auth Caller caller, @QueryParam("cursor") String cursor, @QueryParam("after") String after,
                     @QueryParam("limit") String limit, @QueryParam("type") String type,
                     @QueryParam("subject") String subject, @QueryParam("wait") String wait,
                     @Suspended AsyncResponse async) {
        String position = cursor != null ? cursor : after;
        EventFeed.Request request = new EventFeed.Request(caller.tenant(), EventCursor.decodeOrStart(position),
                type(type), Optional.ofNullable(subject).filter(s -> !s.isBlank()),
                QueryParameters.bounded("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
        int waitSeconds = QueryParameters.bounded("wait", wait, 0, 0, MAX_WAIT_SECONDS);
        async.setTimeout(waitSeconds + 10L, TimeUnit.SECONDS);
        longPoll.read(request, Duration.ofSeconds(waitSeconds), batch -> async.resume(page(batch)));
    }

    private PageView<EventView> page(EventFeed.Batch batch) {
        return new PageView<>(batch.events().stream().map(e -> EventView.of(e, json)).toList(), batch.next().encode());
    }

    private static Optional<String> type(String type) {
        if (type == null || type.isBlank()) {
            return Optional.empty();
        }
        if (!EventTypes.ALL.contains(type)) {
            throw ProblemException.badRequest("invalid_event_type",
                    "type must be one of " + String.join(", ", EventTypes.ALL) + ".");
        }
        return Optional.of(type);
    }
}
