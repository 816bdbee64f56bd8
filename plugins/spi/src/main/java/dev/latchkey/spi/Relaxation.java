package dev.latchkey.spi;

import java.util.Objects;

/**
 * A declared, audited deviation from a MUST of the MCP authorization specification, made for one
 * provider. Hooks that relax a rule add a {@code Relaxation} to the record they return; the engine
 * writes each one to the audit log with the plugin id and the flow id, and refuses a changed
 * record whose deviation is not declared (see {@link RelaxationKind}).
 *
 * @param kind   which rule is relaxed
 * @param reason why, for the audit log and the operator (no secrets; at most 300 characters,
 *               one line), e.g. {@code "Cognito supports S256 but omits it from its metadata"}
 */
public record Relaxation(RelaxationKind kind, String reason) {

    /** Validates that a one-line reason of at most 300 characters is given. */
    public Relaxation {
        Objects.requireNonNull(kind, "kind");
        Checks.nonBlank(reason, "reason");
        if (reason.length() > 300 || reason.contains("\n") || reason.contains("\r")) {
            throw new IllegalArgumentException("reason must be a single line of at most 300 characters");
        }
    }
}
