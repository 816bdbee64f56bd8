package dev.latchkey.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One step of a flow's timeline. URLs are the ones tried, without query strings; nothing secret. */
public record Step(String step, Outcome outcome, Instant startedAt, long durationMillis, List<String> urls,
                   Optional<String> detail, Optional<String> plugin) {

    /** How a step ended. */
    public enum Outcome { OK, FAILED, SKIPPED }

    public Step {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
        urls = List.copyOf(urls);
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(plugin, "plugin");
    }
}
