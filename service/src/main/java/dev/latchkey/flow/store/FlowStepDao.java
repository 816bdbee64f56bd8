package dev.latchkey.flow.store;

import dev.latchkey.protocol.Step;
import dev.latchkey.store.Inserts;
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
final class FlowStepDao {

    private static final int MAX_URLS_LENGTH = 8000;

    /** The columns of a step's row, in the order of {@link #values}. */
    static final List<String> COLUMNS = List.of("flow_id", "seq", "step", "outcome", "started_at", "duration_ms",
            "urls", "detail", "plugin");
    private static final String INSERT = Inserts.sql("flow_steps", COLUMNS, 1);

    private final Handle handle;

    FlowStepDao(Handle handle) {
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
        PreparedBatch batch = handle.prepareBatch(INSERT);
        for (int i = 0; i < steps.size(); i++) {
            Inserts.bind(batch, values(flowId, first + i, steps.get(i))).add();
        }
        batch.execute();
    }

    /** A step's row, in {@link #COLUMNS} order. */
    static List<Object> values(String flowId, int seq, Step step) {
        return Arrays.asList(flowId, seq, step.step(), outcome(step), step.startedAt().toEpochMilli(),
                step.durationMillis(), urls(step), detail(step), step.plugin().orElse(null));
    }

    private static String outcome(Step step) {
        return step.outcome().name().toLowerCase();
    }

    /** The stored form: one URL per line, cut at the column's length. */
    private static String urls(Step step) {
        String urls = String.join("\n", step.urls());
        return urls.length() > MAX_URLS_LENGTH ? urls.substring(0, MAX_URLS_LENGTH) : urls;
    }

    private static String detail(Step step) {
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
