package dev.latchkey.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * The one envelope of every list the API answers: {@code items} and {@code nextCursor}, the cursor
 * to pass as {@code cursor} for the next page ({@code null} on the last page, written out so a
 * client never has to tell "absent" from "null").
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PageView<T>(List<T> items, String nextCursor) {

    public PageView {
        items = List.copyOf(items);
    }

    public static <T> PageView<T> of(List<T> items, Optional<String> nextCursor) {
        return new PageView<>(items, nextCursor.orElse(null));
    }
}
