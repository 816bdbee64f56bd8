package dev.latchkey.flow.store;

import dev.latchkey.event.PendingEvent;
import dev.latchkey.protocol.Step;
import dev.latchkey.store.Inserts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Flow starts on PostgreSQL: the flows, their first steps and their events in one statement
 * (data-modifying {@code WITH}) that commits on its own — one round trip and one commit instead of
 * a transaction's four, and atomic like it. On H2, which has no data-modifying {@code WITH}, the
 * same rows in three statements of the caller's transaction. Either way the values are bound by
 * position through plain JDBC, which costs less than Jdbi's binding on this hot path. An
 * asynchronous flow start ({@link FlowStartCommit}) sends {@code set_config(…, true)} ahead of the
 * statement in the same round trip: both run in one implicit transaction, so the setting ends with
 * its commit.
 */
final class PendingFlowStatement {

    /** A flow start ready to be written. */
    record Pending(NewFlow flow, List<Step> steps, PendingEvent event) {
    }

    /** By (commit, flows, steps): a group's statement depends only on how many rows each insert has. */
    private static final Map<Long, String> STATEMENTS = new ConcurrentHashMap<>();
    /** For this transaction only ({@code is_local}): a pooled connection's next user commits as usual. */
    private static final String ASYNCHRONOUS_COMMIT = "SELECT set_config('synchronous_commit', 'off', true);\n";
    /** Shapes kept; rarer ones (long timelines in large groups) are built each time. */
    private static final int MAX_KEPT = 256;

    /** The steps' insert for 1 to 8 rows (a flow start has three). */
    private static final List<String> STEPS = IntStream.rangeClosed(1, 8)
            .mapToObj(rows -> Inserts.sql("flow_steps", FlowStepDao.COLUMNS, rows)).toList();

    private PendingFlowStatement() {
    }

    /** Writes the flows, their steps (numbered from 1 per flow) and events; returns each event's seq by its id. */
    static Map<String, Long> execute(Handle handle, List<Pending> flows, FlowStartCommit commit) {
        return translated(() -> execute(handle.getConnection(), flows, commit));
    }

    /** H2: one flow start in three statements; the caller's transaction makes them one. Returns the event's seq. */
    static long insert(Handle handle, Pending pending) {
        return translated(() -> insert(handle.getConnection(), pending));
    }

    private static Map<String, Long> execute(Connection connection, List<Pending> flows, FlowStartCommit commit)
            throws SQLException {
        int steps = flows.stream().mapToInt(p -> p.steps().size()).sum();
        try (PreparedStatement statement = connection.prepareStatement(sql(flows.size(), steps, commit))) {
            int index = 1;
            for (Pending pending : flows) {
                index = bind(statement, index, pending.flow().values());
            }
            for (Pending pending : flows) {
                index = bindSteps(statement, index, pending);
            }
            for (Pending pending : flows) {
                index = bind(statement, index, pending.event().values());
            }
            statement.execute();
            if (commit == FlowStartCommit.ASYNCHRONOUS) {
                statement.getMoreResults(); // past set_config's own row
            }
            Map<String, Long> seqs = new HashMap<>();
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    seqs.put(rows.getString(1), rows.getLong(2));
                }
            }
            return seqs;
        }
    }

    private static long insert(Connection connection, Pending pending) throws SQLException {
        try (PreparedStatement flow = connection.prepareStatement(FlowDao.INSERT)) {
            bind(flow, 1, pending.flow().values());
            flow.executeUpdate();
        }
        List<Step> steps = pending.steps();
        if (!steps.isEmpty()) {
            try (PreparedStatement rows = connection.prepareStatement(stepsSql(steps.size()))) {
                bindSteps(rows, 1, pending);
                rows.executeUpdate();
            }
        }
        try (PreparedStatement event = connection.prepareStatement(PendingEvent.INSERT, new String[] {"seq"})) {
            bind(event, 1, pending.event().values());
            event.executeUpdate();
            try (ResultSet keys = event.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no seq for the event it stored");
                }
                return keys.getLong(1);
            }
        }
    }

    private static String stepsSql(int steps) {
        return steps <= STEPS.size() ? STEPS.get(steps - 1) : Inserts.sql("flow_steps", FlowStepDao.COLUMNS, steps);
    }

    private static String sql(int flows, int steps, FlowStartCommit commit) {
        long shape = ((long) commit.ordinal() << 62) | ((long) flows << 31) | steps;
        String kept = STATEMENTS.get(shape);
        if (kept != null) {
            return kept;
        }
        String sql = (commit == FlowStartCommit.ASYNCHRONOUS ? ASYNCHRONOUS_COMMIT : "") + build(flows, steps);
        if (STATEMENTS.size() < MAX_KEPT) {
            STATEMENTS.putIfAbsent(shape, sql);
        }
        return sql;
    }

    private static String build(int flows, int steps) {
        StringBuilder sql = new StringBuilder("WITH flow AS (")
                .append(Inserts.sql("flows", NewFlow.COLUMNS, flows)).append(')');
        if (steps > 0) {
            sql.append(", steps AS (").append(Inserts.sql("flow_steps", FlowStepDao.COLUMNS, steps)).append(')');
        }
        return sql.append('\n').append(Inserts.sql("events", PendingEvent.COLUMNS, flows))
                .append(" RETURNING id, seq").toString();
    }

    /** A flow start's steps, numbered from 1. */
    private static int bindSteps(PreparedStatement statement, int first, Pending pending) throws SQLException {
        int index = first;
        for (int i = 0; i < pending.steps().size(); i++) {
            index = bind(statement, index, FlowStepDao.values(pending.flow().id(), i + 1, pending.steps().get(i)));
        }
        return index;
    }

    /** What Jdbi throws for a statement that fails, so callers see one kind of failure. */
    private static <T> T translated(JdbcWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private interface JdbcWork<T> {
        T run() throws SQLException;
    }

    private static int bind(PreparedStatement statement, int first, List<Object> values) throws SQLException {
        int index = first;
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }
}
