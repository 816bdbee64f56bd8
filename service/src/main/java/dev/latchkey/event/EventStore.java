package dev.latchkey.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.store.Inserts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads the outbox: per tenant for the pull API, across tenants for the webhook fan-out. */
public final class EventStore {

    private static final String COLUMNS = "seq, id, tenant, type, subject, server_id, server_slug, flow_id, "
            + "connection_id, context_json, payload_json, notice, created_at";
    private static final String HEADER_COLUMNS = "seq, id, tenant, type, created_at";

    private final Jdbi jdbi;
    private final StoredEventMapper mapper;

    /**
     * Appends the event in the caller's transaction and returns its seq; {@code onCommit} runs once
     * that transaction has committed (at once without one), so a woken reader finds the event.
     */
    public static long append(Handle handle, PendingEvent event, Runnable onCommit) {
        long seq = Inserts.bind(handle.createUpdate(PendingEvent.INSERT), event.values())
                .executeAndReturnGeneratedKeys("seq")
                .mapTo(Long.class)
                .one();
        if (handle.isInTransaction()) {
            handle.afterCommit(onCommit);
        } else {
            onCommit.run();
        }
        return seq;
    }

    public EventStore(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.mapper = new StoredEventMapper(json);
    }

    /** A query of one tenant's events, after a position, created no later than {@code createdUpTo}. */
    public record Query(String tenant, long afterSeq, Optional<String> type, Optional<String> subject,
                        long createdUpTo, int limit) {
    }

    public List<StoredEvent> page(Query q) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM events WHERE tenant = :tenant"
                        + " AND seq > :after AND created_at <= :upTo"
                        + (q.type().isPresent() ? " AND type = :type" : "")
                        + (q.subject().isPresent() ? " AND subject = :subject" : "")
                        + " ORDER BY seq LIMIT :limit")
                .bind("tenant", q.tenant())
                .bind("after", q.afterSeq())
                .bind("upTo", q.createdUpTo())
                .bind("type", q.type().orElse(null))
                .bind("subject", q.subject().orElse(null))
                .bind("limit", q.limit())
                .map(mapper)
                .list());
    }

    /** What the webhook fan-out needs of the events after a position, across tenants, in order. */
    public List<EventHeader> headersAfter(long afterSeq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + HEADER_COLUMNS
                        + " FROM events WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(EventStore::header)
                .list());
    }

    /** The headers of whichever of these seqs have committed by now (the fan-out's open gaps). */
    public List<EventHeader> headersOf(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + HEADER_COLUMNS
                        + " FROM events WHERE seq IN (<seqs>) ORDER BY seq")
                .bindList("seqs", List.copyOf(seqs))
                .map(EventStore::header)
                .list());
    }

    /** The headers of the events committed by now with seqs in {@code [from, to]}. */
    public List<EventHeader> headersBetween(long from, long to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + HEADER_COLUMNS
                        + " FROM events WHERE seq >= :from AND seq <= :to ORDER BY seq")
                .bind("from", from)
                .bind("to", to)
                .map(EventStore::header)
                .list());
    }

    private static EventHeader header(ResultSet rs, StatementContext ctx) throws SQLException {
        return new EventHeader(rs.getLong("seq"), rs.getString("id"), rs.getString("tenant"), rs.getString("type"),
                rs.getLong("created_at"));
    }

    /** The first event of this type written about a flow, if it is still kept. */
    public Optional<StoredEvent> firstAboutFlow(String flowId, String type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM events WHERE flow_id = :flow AND type = :type ORDER BY seq LIMIT 1")
                .bind("flow", flowId)
                .bind("type", type)
                .map(mapper)
                .findFirst());
    }

    public Optional<StoredEvent> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM events WHERE id = :id")
                .bind("id", id)
                .map(mapper)
                .findOne());
    }
}
