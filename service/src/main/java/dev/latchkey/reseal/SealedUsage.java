package dev.latchkey.reseal;

import dev.latchkey.security.Sealer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** How many rows of each table still hold a value sealed with a given key. */
public final class SealedUsage {

    private final SealedColumnStore store;

    public SealedUsage(Jdbi jdbi) {
        this.store = new SealedColumnStore(jdbi);
    }

    /** Rows per table (every table listed, zero included) with a value sealed with {@code kid}. */
    public Map<String, Long> rowsSealedWith(String kid) {
        String prefix = Sealer.prefix(kid);
        Map<String, Long> counts = new LinkedHashMap<>();
        SealedColumns.byTable().forEach((table, columns) -> counts.put(table,
                store.countSealedWith(table, columns, prefix)));
        return counts;
    }
}
