package dev.latchkey.assistant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.gateway.tokens.GatewayCaller;
import java.time.Duration;

/**
 * Which gateway token opened each MCP session, so that a session is only used with the token that
 * opened it. The tools authorize every request by its own token anyway; this keeps one client from
 * riding or ending another's session (whose declared capabilities decide how connect_server answers).
 * An owner is forgotten after the session's idle time, as the SDK forgets the session.
 */
final class SessionOwners {

    static final String HEADER = "Mcp-Session-Id";

    private final Cache<String, String> owners;

    SessionOwners(Duration idle, long maxSessions) {
        this.owners = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(maxSessions).build();
    }

    /** The session was opened by this caller's token. */
    void opened(String sessionId, GatewayCaller caller) {
        owners.put(sessionId, caller.tokenId());
    }

    /** Whether this caller may use the session: only one its own token opened (and still known). */
    boolean mayUse(String sessionId, GatewayCaller caller) {
        return caller.tokenId().equals(owners.getIfPresent(sessionId));
    }
}
