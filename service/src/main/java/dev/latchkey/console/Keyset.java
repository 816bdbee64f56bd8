package dev.latchkey.console;

import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** Newest-first keyset paging on ({@code created_at}, {@code id}): the SQL condition and the next cursor. */
final class Keyset {

    /** Rows strictly after the cursor in (created_at DESC, id DESC) order; written so both databases use the index. */
    static final String AFTER = "created_at <= :cursorAt AND (created_at < :cursorAt OR id < :cursorId)";

    private Keyset() {
    }

    /** Cuts the one-extra-row probe off and encodes where the next page starts. */
    static <T> Page<T> page(List<T> rows, int limit, ToLongFunction<T> at, Function<T, String> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        T last = rows.get(limit - 1);
        return new Page<>(rows.subList(0, limit), Optional.of(new Cursor(at.applyAsLong(last), id.apply(last)).encode()));
    }
}
