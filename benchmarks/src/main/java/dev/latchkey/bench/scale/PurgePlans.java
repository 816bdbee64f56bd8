package dev.latchkey.bench.scale;

import dev.latchkey.bench.Postgres;
import dev.latchkey.bench.Report;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPLAIN ANALYZE of the expiry job's purge candidates (it runs every 30 s): finished before the
 * retention cut-off, found by scanning for {@code completed_at} (before) or walked per final status
 * on the (status, created_at) index (after).
 */
final class PurgePlans {

    private static final String SCAN = "SELECT id FROM flows WHERE status <> 'pending' AND completed_at < ?";
    private static final String PER_STATUS = "SELECT id FROM flows WHERE status = 'authorized' AND created_at < ?"
            + " AND completed_at < ? ORDER BY created_at LIMIT 200";

    private PurgePlans() {
    }

    static void explain(Postgres postgres, Report report) throws SQLException {
        long cutOff = System.currentTimeMillis() - 30L * 24 * 3600 * 1000;
        try (Connection connection = postgres.connect()) {
            report.line("EXPLAIN ANALYZE of the expiry job's purge (finished more than 30 days ago; none are):");
            report.line("");
            report.line("- before: " + SCAN + " → " + String.join(" / ", plan(connection, SCAN, cutOff, 1)));
            report.line("- after, once per final status: " + PER_STATUS + " → "
                    + String.join(" / ", plan(connection, PER_STATUS, cutOff, 2)));
            report.line("");
        }
    }

    private static List<String> plan(Connection connection, String query, long cutOff, int parameters)
            throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + query)) {
            for (int i = 1; i <= parameters; i++) {
                statement.setLong(i, cutOff);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String line = rs.getString(1).strip();
                    if (line.contains("Scan") || line.startsWith("Execution Time") || line.startsWith("Rows Removed")) {
                        lines.add(line.replace("->", "").strip());
                    }
                }
            }
        }
        return lines;
    }
}
