package dev.latchkey.store;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Inserts written from a column list and values in the same order, so that a table's columns are
 * named once however the rows are written: through Jdbi, or through JDBC in a larger statement.
 */
public final class Inserts {

    private Inserts() {
    }

    /** {@code INSERT INTO table (columns) VALUES (?, …), …} with {@code rows} rows of positional parameters. */
    public static String sql(String table, List<String> columns, int rows) {
        String row = columns.stream().map(column -> "?").collect(Collectors.joining(", ", "(", ")"));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, row));
    }

    /** Binds {@code values} to a Jdbi statement from position 0. */
    public static <T extends SqlStatement<T>> T bind(T statement, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            statement.bind(i, values.get(i));
        }
        return statement;
    }
}
