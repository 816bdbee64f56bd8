package dev.latchkey.audit;

import java.time.Instant;
import java.util.Objects;

/** One line of the audit log. {@code details} is plain text that never holds a secret. */
public record AuditEntry(String id, Instant occurredAt, ActorType actorType, String actor, String tenant,
                         String action, String targetType, String targetId, Outcome outcome, String details) {

    /** Who acted. */
    public enum ActorType { OPERATOR, API_KEY, SYSTEM, CLI, GATEWAY_TOKEN }

    /** How it ended. */
    public enum Outcome { SUCCESS, FAILURE, DENIED }

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actorType, "actorType");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        if (details != null && details.length() > 4000) {
            details = details.substring(0, 4000);
        }
    }

    /** The same entry, as having happened at {@code when}. */
    public AuditEntry at(Instant when) {
        return new AuditEntry(id, when, actorType, actor, tenant, action, targetType, targetId, outcome, details);
    }
}
