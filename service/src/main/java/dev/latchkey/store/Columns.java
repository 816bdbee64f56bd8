package dev.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Nullable numeric columns read as optionals (JDBC reads SQL NULL as 0). */
public final class Columns {

    private Columns() {
    }

    public static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
