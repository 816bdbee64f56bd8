package dev.latchkey.reseal;

import dev.latchkey.security.Sealer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** How many rows of each table still hold a value sealed with a given key. */
public final class SealedUsage {

    private final Jdbi jdbi;

    public SealedUsage(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Rows per table (every table listed, zero included) with a value sealed with {@code kid}. */
    public Map<String, Long> rowsSealedWith(String kid) {
        String prefix = Sealer.prefix(kid);
        Map<String, Long> counts = new LinkedHashMap<>();
        SealedColumns.byTable().forEach((table, columns) -> counts.put(table, jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM " + table + " WHERE " + where(columns))
                .bind("n", prefix.length()).bind("prefix", prefix).mapTo(Long.class).one())));
        return counts;
    }

    private static String where(List<SealedColumn> columns) {
        return columns.stream().map(SealedColumn::sealedWith).collect(Collectors.joining(" OR "));
    }
}
