package dev.latchkey.console;

import java.util.List;

/** One step of a flow's timeline, from {@code flow_steps}: URLs tried (no query strings), outcome, plugin. */
public record StepRow(int seq, String step, String outcome, long startedAt, long durationMs, List<String> urls,
                      String detail, String plugin) {
}
