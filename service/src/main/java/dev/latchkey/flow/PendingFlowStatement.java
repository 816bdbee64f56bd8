package dev.latchkey.flow;

import dev.latchkey.event.PendingEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A flow start on PostgreSQL: the flow, its first steps and its event in one statement
 * (data-modifying {@code WITH}) that commits on its own — one round trip instead of four (insert,
 * steps, event, commit). One statement is atomic like the transaction it replaces. Its ~50 values
 * are bound by position through JDBC: Jdbi's named binding of them cost Latchkey more than
 * executing the statement (docs/benchmarks.md).
 */
final class PendingFlowStatement {

    private static final List<String> FLOW_COLUMNS = List.of("id", "tenant", "subject", "server_id",
            "server_slug", "server_url", "resource", "issuer", "client_ref", "scopes", "status", "context_json",
            "link_id", "authorize_base_url", "iss_required", "step_up_of", "created_at", "expires_at");
    private static final List<String> STEP_COLUMNS = List.of("flow_id", "seq", "step", "outcome", "started_at",
            "duration_ms", "urls", "detail", "plugin");
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
            int index = bind(statement, 1, flowValues(flow));
            for (int i = 0; i < steps.size(); i++) {
                index = bind(statement, index, stepValues(flow.id(), i + 1, steps.get(i)));
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
        StringBuilder sql = new StringBuilder("WITH flow AS (").append(insert("flows", FLOW_COLUMNS, 1)).append(')');
        if (steps > 0) {
            sql.append(", steps AS (").append(insert("flow_steps", STEP_COLUMNS, steps)).append(')');
        }
        return sql.append('\n').append(insert("events", PendingEvent.COLUMNS, 1)).append(" RETURNING seq").toString();
    }

    private static String insert(String table, List<String> columns, int rows) {
        String row = columns.stream().map(c -> "?").collect(Collectors.joining(", ", "(", ")"));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, row));
    }

    private static int bind(PreparedStatement statement, int first, List<Object> values) throws SQLException {
        int index = first;
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }

    /** In {@link #FLOW_COLUMNS} order. */
    private static List<Object> flowValues(FlowDao.NewFlow flow) {
        return Arrays.asList(flow.id(), flow.tenant(), flow.subject(), flow.serverId(), flow.serverSlug(),
                flow.serverUrl(), flow.resource(), flow.issuer(), flow.clientRef(), flow.scopes(),
                FlowStatus.PENDING.code(), flow.contextJson(), flow.linkId(), flow.authorizeBaseUrl(),
                flow.issRequired(), flow.stepUpOf(), flow.createdAt(), flow.expiresAt());
    }

    /** In {@link #STEP_COLUMNS} order. */
    private static List<Object> stepValues(String flowId, int seq, Step step) {
        return Arrays.asList(flowId, seq, step.step(), FlowStepDao.outcome(step), step.startedAt().toEpochMilli(),
                step.durationMillis(), FlowStepDao.urls(step), FlowStepDao.detail(step), step.plugin().orElse(null));
    }
}
