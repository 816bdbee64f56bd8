package dev.latchkey.flow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** The timeline of a flow: steps appended in order, never changed. */
public final class FlowStepDao {

    private static final int MAX_URLS_LENGTH = 8000;

    private final Handle handle;

    public FlowStepDao(Handle handle) {
        this.handle = handle;
    }

    public void append(String flowId, List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        insert(flowId, steps, handle.createQuery("SELECT COALESCE(MAX(seq), 0) FROM flow_steps WHERE flow_id = :id")
                .bind("id", flowId).mapTo(Integer.class).one() + 1);
    }

    /** The first steps of a flow just created: numbered from 1 without asking the database. */
    public void appendToNewFlow(String flowId, List<Step> steps) {
        if (!steps.isEmpty()) {
            insert(flowId, steps, 1);
        }
    }

    private void insert(String flowId, List<Step> steps, int first) {
        int next = first;
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO flow_steps (flow_id, seq, step, outcome, started_at, duration_ms, urls, detail, plugin)
                VALUES (:flowId, :seq, :step, :outcome, :startedAt, :duration, :urls, :detail, :plugin)""");
        for (Step step : steps) {
            batch.bind("flowId", flowId).bind("seq", next++).bind("step", step.step())
                    .bind("outcome", outcome(step)).bind("startedAt", step.startedAt().toEpochMilli())
                    .bind("duration", step.durationMillis()).bind("urls", urls(step)).bind("detail", detail(step))
                    .bind("plugin", step.plugin().orElse(null))
                    .add();
        }
        batch.execute();
    }

    static String outcome(Step step) {
        return step.outcome().name().toLowerCase();
    }

    /** The stored form: one URL per line, cut at the column's length. */
    static String urls(Step step) {
        String urls = String.join("\n", step.urls());
        return urls.length() > MAX_URLS_LENGTH ? urls.substring(0, MAX_URLS_LENGTH) : urls;
    }

    static String detail(Step step) {
        return step.detail().map(d -> d.length() > 1000 ? d.substring(0, 1000) : d).orElse(null);
    }

    public List<Step> list(String flowId) {
        return handle.createQuery("SELECT * FROM flow_steps WHERE flow_id = :id ORDER BY seq")
                .bind("id", flowId).map(new Mapper()).list();
    }

    /** Reads one step row. */
    public static final class Mapper implements RowMapper<Step> {
        @Override
        public Step map(ResultSet rs, StatementContext ctx) throws SQLException {
            String urls = rs.getString("urls");
            return new Step(rs.getString("step"), Step.Outcome.valueOf(rs.getString("outcome").toUpperCase()),
                    Instant.ofEpochMilli(rs.getLong("started_at")), rs.getLong("duration_ms"),
                    urls == null || urls.isEmpty() ? List.of() : Arrays.asList(urls.split("\n")),
                    Optional.ofNullable(rs.getString("detail")), Optional.ofNullable(rs.getString("plugin")));
        }
    }
}
