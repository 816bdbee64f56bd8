package dev.latchkey.console;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;

/** What the console records in the audit log: every operator action and every sign-in attempt. */
public final class ConsoleAudit {

    private final AuditLog log;

    public ConsoleAudit(AuditLog log) {
        this.log = log;
    }

    public void action(Operator operator, String action, String targetType, String targetId, boolean done,
                       String details) {
        log.record(AuditEntry.ActorType.OPERATOR, operator.name(), null, "console." + action, targetType, targetId,
                done ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE, details);
    }

    public void signIn(String name, String address, AuditEntry.Outcome outcome, String details) {
        log.record(AuditEntry.ActorType.OPERATOR, truncate(name), null, "console.sign_in", "operator",
                truncate(name), outcome, "from " + address + (details == null ? "" : "; " + details));
    }

    public void signOut(Operator operator) {
        log.record(AuditEntry.ActorType.OPERATOR, operator.name(), null, "console.sign_out", "operator",
                operator.name(), AuditEntry.Outcome.SUCCESS, null);
    }

    public void csrfRejected(String actor, String path, String address) {
        log.record(AuditEntry.ActorType.OPERATOR, truncate(actor), null, "console.csrf_rejected", "path",
                truncate(path), AuditEntry.Outcome.DENIED, "from " + address);
    }

    private static String truncate(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        return value.length() > 100 ? value.substring(0, 100) : value;
    }
}
