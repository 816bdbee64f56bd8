package dev.latchkey.reseal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A column whose values {@link dev.latchkey.security.Sealer} made: its table (keyed by {@code id}),
 * the other columns its additional authenticated data is built from, how it is built, and the
 * column that records the key id beside it, where there is one. Names come from {@link SealedColumns}
 * only, never from input, so they are written into the SQL as they are.
 */
public record SealedColumn(String table, String column, List<String> aadColumns,
                           Function<Map<String, Object>, String> aad, Optional<String> keyIdColumn) {

    public SealedColumn {
        aadColumns = List.copyOf(aadColumns);
    }

    /** The next rows after {@code :after} (by id) whose value was not sealed with the {@code :prefix} key. */
    String selectNotUnder() {
        String extra = aadColumns.isEmpty() ? "" : ", " + String.join(", ", aadColumns);
        return "SELECT id" + extra + ", " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL AND LEFT("
                + column + ", :n) <> :prefix AND id > :after ORDER BY id LIMIT :limit";
    }

    /** Replaces a value only if it is still the one read: a concurrent write is never overwritten. */
    String replaceIfUnchanged() {
        return "UPDATE " + table + " SET " + column + " = :fresh"
                + keyIdColumn.map(k -> ", " + k + " = :kid").orElse("") + " WHERE id = :id AND " + column + " = :old";
    }

    String sealedWith() {
        return "LEFT(" + column + ", :n) = :prefix";
    }
}
