package dev.latchkey.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads one audit row. */
public final class AuditEntryMapper implements RowMapper<AuditEntry> {

    @Override
    public AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEntry(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("occurred_at")),
                AuditEntry.ActorType.valueOf(rs.getString("actor_type")), rs.getString("actor"),
                rs.getString("tenant"), rs.getString("action"), rs.getString("target_type"),
                rs.getString("target_id"), AuditEntry.Outcome.valueOf(rs.getString("outcome")),
                rs.getString("details"));
    }
}
