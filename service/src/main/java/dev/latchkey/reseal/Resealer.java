package dev.latchkey.reseal;

import dev.latchkey.security.KeyUse;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.SealedValueException;
import dev.latchkey.security.Sealer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Seals every stored value again with the active encryption key, in batches of short
 * transactions, while the server may be serving. Each row is replaced only if it still holds the
 * value read; a row a server wrote meanwhile is read again by the next pass (it is then skipped if
 * that write already used the active key). Rows already under the active key are never touched, so
 * running it again, or after an interruption, only does what is left.
 */
public final class Resealer {

    /** A row that keeps changing under every pass is left to the next run; it is reported. */
    private static final int MAX_PASSES = 5;

    /** What one table came to. {@code unreadable}: values no usable key opens (retired, unknown, damaged). */
    public record TableOutcome(String table, long resealed, long unreadable, long stillChanging) {
        TableOutcome plus(TableOutcome other) {
            return new TableOutcome(table, resealed + other.resealed, unreadable + other.unreadable,
                    stillChanging + other.stillChanging);
        }
    }

    public record Report(String activeKid, List<TableOutcome> tables) {
        public long resealed() {
            return tables.stream().mapToLong(TableOutcome::resealed).sum();
        }

        public boolean complete() {
            return tables.stream().allMatch(t -> t.unreadable() == 0 && t.stillChanging() == 0);
        }
    }

    private record Pass(long resealed, long unreadable, long changed) {
    }

    private final SealedColumnStore store;
    private final Sealer sealer;
    private final KeyringSource keys;
    private final int batchSize;

    public Resealer(Jdbi jdbi, KeyringSource keys, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1");
        }
        this.store = new SealedColumnStore(jdbi);
        this.keys = keys;
        this.sealer = new Sealer(keys);
        this.batchSize = batchSize;
    }

    public Report resealAll() {
        String activeKid = keys.active(KeyUse.ENCRYPTION).kid();
        Map<String, TableOutcome> tables = new LinkedHashMap<>();
        for (SealedColumn column : SealedColumns.ALL) {
            tables.merge(column.table(), reseal(column, Sealer.prefix(activeKid)), TableOutcome::plus);
        }
        return new Report(activeKid, List.copyOf(tables.values()));
    }

    private TableOutcome reseal(SealedColumn column, String activePrefix) {
        long resealed = 0;
        Pass pass = new Pass(0, 0, 0);
        for (int round = 0; round < MAX_PASSES; round++) {
            pass = onePass(column, activePrefix);
            resealed += pass.resealed();
            if (pass.changed() == 0) {
                break;
            }
        }
        return new TableOutcome(column.table(), resealed, pass.unreadable(), pass.changed());
    }

    private Pass onePass(SealedColumn column, String activePrefix) {
        long resealed = 0;
        long unreadable = 0;
        long changed = 0;
        String after = "";
        while (true) {
            String from = after;
            List<Map<String, Object>> rows = store.rowsNotUnder(column, activePrefix, from, batchSize);
            if (rows.isEmpty()) {
                return new Pass(resealed, unreadable, changed);
            }
            for (Map<String, Object> row : rows) {
                switch (resealRow(column, row)) {
                    case RESEALED -> resealed++;
                    case UNREADABLE -> unreadable++;
                    case CHANGED -> changed++;
                }
            }
            after = rows.get(rows.size() - 1).get("id").toString();
        }
    }

    private enum RowOutcome { RESEALED, UNREADABLE, CHANGED }

    private RowOutcome resealRow(SealedColumn column, Map<String, Object> row) {
        String old = row.get(column.column()).toString();
        String aad = column.aad().apply(row);
        byte[] plaintext;
        try {
            plaintext = sealer.open(old, aad);
        } catch (SealedValueException e) {
            return RowOutcome.UNREADABLE;
        }
        String fresh = sealer.seal(plaintext, aad);
        java.util.Arrays.fill(plaintext, (byte) 0);
        return store.replaceIfUnchanged(column, row.get("id").toString(), old, fresh) ? RowOutcome.RESEALED
                : RowOutcome.CHANGED;
    }
}
