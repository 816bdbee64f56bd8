package dev.latchkey.bench.scale;

import dev.latchkey.bench.Postgres;
import dev.latchkey.bench.Report;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** EXPLAIN ANALYZE of the flows page at a deep cursor, with the keyset condition written both ways. */
final class KeysetPlans {

    private static final String PAGE = "SELECT * FROM flows WHERE tenant = 'bench' AND %s"
            + " AND (CAST(? AS VARCHAR) IS NULL OR status = ?) ORDER BY created_at DESC, id DESC LIMIT 51";
    private static final String OR_ONLY = "(created_at < ? OR (created_at = ? AND id < ?))";
    private static final String WITH_BOUND = "created_at <= ? AND (created_at < ? OR id < ?)";

    private KeysetPlans() {
    }

    static void explain(Postgres postgres, Report report) throws SQLException {
        try (Connection connection = postgres.connect()) {
            long at;
            String id;
            try (var statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                    "SELECT created_at, id FROM flows ORDER BY created_at DESC, id DESC OFFSET 900000 LIMIT 1")) {
                rs.next();
                at = rs.getLong(1);
                id = rs.getString(2);
            }
            report.line("EXPLAIN ANALYZE of the API's flows page at row 900,000 (no filter):");
            report.line("");
            for (String[] form : new String[][] {{"before: " + OR_ONLY, OR_ONLY}, {"after: " + WITH_BOUND, WITH_BOUND}}) {
                report.line("- " + form[0] + " → " + String.join(" / ", plan(connection, form[1], at, id)));
            }
            report.line("");
        }
    }

    private static List<String> plan(Connection connection, String keyset, long at, String id) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) "
                + String.format(PAGE, keyset))) {
            statement.setLong(1, at);
            statement.setLong(2, at);
            statement.setString(3, id);
            statement.setString(4, null);
            statement.setString(5, null);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String line = rs.getString(1).strip();
                    if (line.contains("Index") || line.startsWith("Execution Time") || line.startsWith("Rows Removed")
                            || line.startsWith("Buffers") && lines.size() < 4) {
                        lines.add(line.replace("->", "").strip());
                    }
                }
            }
        }
        return lines;
    }
}
