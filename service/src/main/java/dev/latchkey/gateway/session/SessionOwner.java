package dev.latchkey.gateway.session;

/**
 * Whose a session is: the gateway token (and so the tenant and subject) it was opened with, and the
 * registered server. A session is found only by its id together with all of these.
 */
public record SessionOwner(String tenant, String subject, String tokenId, String serverId) {
}
