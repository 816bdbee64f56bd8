package dev.latchkey.http;

import dev.latchkey.audit.AuditLog;
import java.net.URI;

/** Where refused outbound requests are reported. */
@FunctionalInterface
public interface EgressAudit {

    /** {@code target} has no query string or fragment; {@code reason} is safe to show. */
    void blocked(URI target, String purpose, String reason);

    /** Writes {@code egress.blocked} entries to the audit log. */
    static EgressAudit to(AuditLog audit) {
        return (target, purpose, reason) -> {
            String host = target.getHost() == null ? "" : target.getHost();
            audit.security("egress.blocked", null, "host", host.length() > 100 ? host.substring(0, 100) : host,
                    purpose + ": " + target + " refused: " + reason);
        };
    }
}
