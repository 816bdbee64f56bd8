package dev.latchkey.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reads the outbox: per tenant for the pull API, across tenants for the webhook fan-out. */
public final class EventStore {

    private static final String COLUMNS = "seq, id, tenant, type, subject, server_id, server_slug, flow_id, "
            + "connection_id, context_json, payload_json, notice, created_at";

    private final Jdbi jdbi;
    private final StoredEventMapper mapper;

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

    /** All tenants' events after a position, in order (for the fan-out). */
    public List<StoredEvent> after(long afterSeq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM events WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(mapper)
                .list());
    }

    /** The seqs committed so far in {@code (low, high]}: cheap, to spot late commits inside a window. */
    public List<Long> seqsBetween(long low, long high) {
        return jdbi.withHandle(h -> h.createQuery("SELECT seq FROM events WHERE seq > :low AND seq <= :high")
                .bind("low", low)
                .bind("high", high)
                .mapTo(Long.class)
                .list());
    }

    public Optional<StoredEvent> bySeq(long seq) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM events WHERE seq = :seq")
                .bind("seq", seq)
                .map(mapper)
                .findOne());
    }

    public Optional<StoredEvent> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM events WHERE id = :id")
                .bind("id", id)
                .map(mapper)
                .findOne());
    }
}
