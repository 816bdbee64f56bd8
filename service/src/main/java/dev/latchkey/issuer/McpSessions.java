package dev.latchkey.issuer;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.util.Optional;

/**
 * What the console shows and ends of the authorization server: the MCP clients it knows, each user's
 * consents and grants (the sessions of their MCP clients). Withdrawing a consent also revokes that user's
 * grants for the client; every change an operator makes is audited.
 */
public final class McpSessions {

    private final McpClients clients;
    private final ConsentStore consents;
    private final GrantStore grants;
    private final AuditLog audit;
    private final Clock clock;

    McpSessions(McpClients clients, ConsentStore consents, GrantStore grants, AuditLog audit, Clock clock) {
        this.clients = clients;
        this.consents = consents;
        this.grants = grants;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every client, registered or known by its metadata document, newest first. */
    public Page<McpClient> clients(String cursor, int limit) {
        return clients.list(cursor, limit);
    }

    public Optional<McpClient> client(String clientId) {
        return clients.find(clientId);
    }

    /** One user's consents, newest first. */
    public Page<Consent> consentsOf(String tenant, String subject, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        return Page.fromLookahead(consents.pageOfUser(tenant, subject, position.at(), position.id(), limit + 1), limit,
                c -> new Cursor(c.createdAt().toEpochMilli(), c.id()));
    }

    /** One user's grants (active, ended and revoked), newest first. */
    public Page<Grant> grantsOf(String tenant, String subject, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        return Page.fromLookahead(grants.pageOfUser(tenant, subject, position.at(), position.id(), limit + 1), limit,
                McpSessions::position);
    }

    /** Every grant, or one tenant's, newest first, for operators. */
    public Page<Grant> grants(Optional<String> tenant, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        return Page.fromLookahead(grants.page(tenant, position.at(), position.id(), limit + 1), limit,
                McpSessions::position);
    }

    /**
     * Whether this subject of the tenant ever let an MCP client in through the authorization server: a
     * person who signs in here, whose authorization links only they may open (one indexed read).
     */
    public boolean signsInHere(String tenant, String subject) {
        Cursor newest = Cursor.decodeOrNewest(null);
        return !grants.pageOfUser(tenant, subject, newest.at(), newest.id(), 1).isEmpty();
    }

    public Optional<Grant> grant(String id) {
        return grants.findGrant(id);
    }

    /**
     * An operator withdraws a user's consent: the client must ask again, and the user's grants for it end.
     * False when the user has no such consent.
     */
    public boolean withdrawConsentByOperator(String tenant, String subject, String consentId, String operator) {
        Optional<Consent> withdrawn = consents.withdraw(tenant, subject, consentId, clock.instant());
        withdrawn.ifPresent(c -> audit.record(AuditEntry.ActorType.OPERATOR, operator, tenant,
                "oauth_consent.withdraw", "oauth_consent", c.id(), AuditEntry.Outcome.SUCCESS,
                c.clientId() + " " + c.resource()));
        return withdrawn.isPresent();
    }

    /** The user withdraws one of their own consents (their grants for the client end); false when it is not theirs. */
    public boolean withdrawConsentByUser(String tenant, String subject, String consentId) {
        Optional<Consent> withdrawn = consents.withdraw(tenant, subject, consentId, clock.instant());
        withdrawn.ifPresent(c -> audit.record(AuditEntry.ActorType.SYSTEM, "user:" + subject, tenant,
                "oauth_consent.withdraw", "oauth_consent", c.id(), AuditEntry.Outcome.SUCCESS,
                c.clientId() + " " + c.resource()));
        return withdrawn.isPresent();
    }

    /** An operator ends a grant; false when it is unknown or revoked already. */
    public boolean revokeGrantByOperator(String grantId, String operator) {
        Optional<Grant> grant = grants.findGrant(grantId);
        boolean revoked = grant.isPresent() && grants.revoke(grantId, clock.instant(), Grant.Revocation.OPERATOR);
        if (revoked) {
            audit.record(AuditEntry.ActorType.OPERATOR, operator, grant.get().tenant(), "oauth_grant.revoke",
                    "oauth_grant", grantId, AuditEntry.Outcome.SUCCESS, grant.get().clientId());
        }
        return revoked;
    }

    private static Cursor position(Grant grant) {
        return new Cursor(grant.createdAt().toEpochMilli(), grant.id());
    }
}
