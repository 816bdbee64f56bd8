package dev.latchkey.console;

import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Read-only queries of the flows aggregate for the console: the filtered, keyset-paged list, one
 * flow, its step timeline and its events. The WHERE clause holds only the filters given, so each
 * query can use the (filter…, created_at, id) index that matches it.
 */
public final class FlowQueries {

    private final Jdbi jdbi;
    private final Clock clock;

    public FlowQueries(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Page<FlowRow> list(FlowFilter filter, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        Map<String, Object> binds = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        where.add(Keyset.AFTER);
        binds.put("cursorAt", position.at());
        binds.put("cursorId", position.id());
        equal(where, binds, "status", filter.status());
        equal(where, binds, "tenant", filter.tenant());
        equal(where, binds, "subject", filter.subject());
        equal(where, binds, "server_slug", filter.server());
        equal(where, binds, "issuer", filter.issuer());
        equal(where, binds, "client_ref", filter.client());
        long now = clock.millis();
        filter.createdAfter(now).ifPresent(at -> {
            where.add("created_at >= :createdAfter");
            binds.put("createdAfter", at);
        });
        filter.createdBefore(now).ifPresent(at -> {
            where.add("created_at < :createdBefore");
            binds.put("createdBefore", at);
        });
        String sql = "SELECT " + FlowRow.COLUMNS + " FROM flows WHERE " + String.join(" AND ", where)
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
        List<FlowRow> rows = jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql).bind("limit", limit + 1);
            binds.forEach(query::bind);
            return query.map(new FlowRowMapper()).list();
        });
        return Keyset.page(rows, limit, FlowRow::createdAt, FlowRow::id);
    }

    public Optional<FlowRow> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + FlowRow.COLUMNS + " FROM flows WHERE id = :id")
                .bind("id", id).map(new FlowRowMapper()).findOne());
    }

    public List<StepRow> steps(String flowId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT seq, step, outcome, started_at, duration_ms, urls, detail, plugin
                        FROM flow_steps WHERE flow_id = :id ORDER BY seq""")
                .bind("id", flowId)
                .map((rs, ctx) -> new StepRow(rs.getInt("seq"), rs.getString("step"), rs.getString("outcome"),
                        rs.getLong("started_at"), rs.getLong("duration_ms"), urls(rs.getString("urls")),
                        rs.getString("detail"), rs.getString("plugin")))
                .list());
    }

    public List<EventRow> events(String flowId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, type, tenant, subject, server_slug, flow_id, connection_id, created_at
                        FROM events WHERE flow_id = :id ORDER BY seq""")
                .bind("id", flowId)
                .map((rs, ctx) -> new EventRow(rs.getString("id"), rs.getString("type"), rs.getString("tenant"),
                        rs.getString("subject"), rs.getString("server_slug"), rs.getString("flow_id"),
                        rs.getString("connection_id"), rs.getLong("created_at")))
                .list());
    }

    private static void equal(List<String> where, Map<String, Object> binds, String column, Optional<String> value) {
        value.ifPresent(v -> {
            where.add(column + " = :" + column);
            binds.put(column, v);
        });
    }

    /** flow_steps.urls holds one URL per line, as the flow engine's timeline writes it. */
    static List<String> urls(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return Arrays.stream(stored.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
