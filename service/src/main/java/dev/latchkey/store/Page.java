package dev.latchkey.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a keyset-paginated list, and the cursor of the next page if there is one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * A page from rows read with {@code LIMIT limit + 1}: the extra row is not shown, it only says
     * that a next page exists, which starts after the last shown row's position.
     */
    public static <T> Page<T> fromLookahead(List<T> rows, int limit, Function<T, Cursor> position) {
        List<T> shown = rows.subList(0, Math.min(limit, rows.size()));
        Optional<String> next = rows.size() > limit
                ? Optional.of(position.apply(shown.get(shown.size() - 1)).encode()) : Optional.empty();
        return new Page<>(shown, next);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }

    public <R> Page<R> withItems(List<R> replaced) {
        return new Page<>(replaced, nextCursor);
    }
}
