package dev.latchkey.flow;

import dev.latchkey.event.PendingEvent;
import dev.latchkey.store.Inserts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A flow start on PostgreSQL: the flow, its first steps and its event in one statement
 * (data-modifying {@code WITH}) that commits on its own — one round trip instead of four (insert,
 * steps, event, commit). One statement is atomic like the transaction it replaces. Its ~50 values
 * are bound by position through JDBC: Jdbi's named binding of them and its statement set-up were
 * ~5 % of Latchkey's CPU per flow start (docs/benchmarks.md).
 */
final class PendingFlowStatement {

    /** The statements for up to this many first steps are built once. */
    private static final int PREBUILT_STEPS = 8;
    private static final String[] PREBUILT = IntStream.rangeClosed(0, PREBUILT_STEPS)
            .mapToObj(PendingFlowStatement::build).toArray(String[]::new);

    private PendingFlowStatement() {
    }

    /** Writes the flow, its steps (numbered from 1) and the event; returns the event's seq. */
    static long execute(Connection connection, FlowDao.NewFlow flow, List<Step> steps, PendingEvent event)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql(steps.size()))) {
            int index = bind(statement, 1, flow.values());
            for (int i = 0; i < steps.size(); i++) {
                index = bind(statement, index, FlowStepDao.values(flow.id(), i + 1, steps.get(i)));
            }
            bind(statement, index, event.values());
            try (ResultSet seq = statement.executeQuery()) {
                seq.next();
                return seq.getLong(1);
            }
        }
    }

    static String sql(int steps) {
        return steps <= PREBUILT_STEPS ? PREBUILT[steps] : build(steps);
    }

    private static String build(int steps) {
        StringBuilder sql = new StringBuilder("WITH flow AS (")
                .append(Inserts.sql("flows", FlowDao.NewFlow.COLUMNS, 1)).append(')');
        if (steps > 0) {
            sql.append(", steps AS (").append(Inserts.sql("flow_steps", FlowStepDao.COLUMNS, steps)).append(')');
        }
        return sql.append('\n').append(Inserts.sql("events", PendingEvent.COLUMNS, 1)).append(" RETURNING seq")
                .toString();
    }

    private static int bind(PreparedStatement statement, int first, List<Object> values) throws SQLException {
        int index = first;
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }
}
