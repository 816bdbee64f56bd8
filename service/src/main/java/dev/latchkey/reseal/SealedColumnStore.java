package dev.latchkey.reseal;

import dev.latchkey.security.Sealer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** The sealed columns of every table, read and rewritten by key id ({@link SealedColumns}). */
final class SealedColumnStore {

    private final Jdbi jdbi;

    SealedColumnStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Up to {@code limit} rows after id {@code after} whose value is not sealed under {@code prefix}, by id. */
    List<Map<String, Object>> rowsNotUnder(SealedColumn column, String prefix, String after, int limit) {
        return jdbi.withHandle(h -> h.createQuery(column.selectNotUnder())
                .bind("n", prefix.length()).bind("prefix", prefix).bind("after", after)
                .bind("limit", limit).mapToMap().list());
    }

    /** Replaces the sealed value if the row still holds {@code old}; false when it changed meanwhile. */
    boolean replaceIfUnchanged(SealedColumn column, String id, String old, String fresh) {
        return jdbi.withHandle(h -> {
            var update = h.createUpdate(column.replaceIfUnchanged())
                    .bind("fresh", fresh).bind("id", id).bind("old", old);
            column.keyIdColumn().ifPresent(k -> update.bind("kid", Sealer.keyId(fresh)));
            return update.execute();
        }) == 1;
    }

    /** Rows of the table with a value in any of the columns sealed under {@code prefix}. */
    long countSealedWith(String table, List<SealedColumn> columns, String prefix) {
        String where = columns.stream().map(SealedColumn::sealedWith).collect(Collectors.joining(" OR "));
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)
                .bind("n", prefix.length()).bind("prefix", prefix).mapTo(Long.class).one());
    }
}
