package dev.latchkey.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads an {@code events} row back into a {@link StoredEvent}. */
final class StoredEventMapper implements RowMapper<StoredEvent> {

    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    StoredEventMapper(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public StoredEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredEvent(rs.getLong("seq"), rs.getString("id"), rs.getString("type"), rs.getString("tenant"),
                rs.getString("subject"), rs.getString("server_id"), rs.getString("server_slug"),
                Optional.ofNullable(rs.getString("flow_id")), Optional.ofNullable(rs.getString("connection_id")),
                Optional.ofNullable(rs.getString("context_json")), fields(rs.getString("payload_json")),
                rs.getString("notice"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private Map<String, String> fields(String payload) {
        try {
            return json.readValue(payload, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable event payload", e);
        }
    }
}
