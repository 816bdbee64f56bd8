package dev.latchkey.webhook;

import dev.latchkey.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Row mappers of the delivery tables. */
public final class DeliveryMappers {

    private DeliveryMappers() {
    }

    /** Maps a {@code webhook_deliveries} row. */
    public static final class DeliveryMapper implements RowMapper<Delivery> {
        @Override
        public Delivery map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Delivery(rs.getString("id"), rs.getString("webhook_id"), rs.getString("tenant"),
                    rs.getLong("event_seq"), rs.getString("event_id"), rs.getString("event_type"),
                    DeliveryStatus.of(rs.getString("status")), rs.getInt("attempts"), Columns.optionalLong(rs, "next_attempt_at"),
                    Columns.optionalInt(rs, "last_status_code"), Optional.ofNullable(rs.getString("last_error")),
                    rs.getLong("created_at"), rs.getLong("updated_at"), Columns.optionalLong(rs, "delivered_at"));
        }
    }

    /** Maps a {@code delivery_attempts} row. */
    public static final class AttemptMapper implements RowMapper<DeliveryAttempt> {
        @Override
        public DeliveryAttempt map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new DeliveryAttempt(rs.getString("id"), rs.getString("delivery_id"), rs.getInt("attempt"),
                    rs.getLong("started_at"), rs.getLong("latency_ms"), Columns.optionalInt(rs, "status_code"),
                    Optional.ofNullable(rs.getString("error")), Columns.optionalLong(rs, "next_attempt_at"),
                    rs.getString("worker"));
        }
    }
}
