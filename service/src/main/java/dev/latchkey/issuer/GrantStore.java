package dev.latchkey.issuer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The way to the grant tables: codes, grants and refresh tokens, all secrets by hash. Redeeming a code and
 * rotating a refresh token are each one transaction, and each detects a second use by a conditional update.
 */
final class GrantStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(GrantDao.class);

    private final Jdbi jdbi;

    GrantStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What a refresh token rotation found. */
    sealed interface Rotation {
        /** No such refresh token. */
        record Unknown() implements Rotation { }

        /** Used before: its grant is now revoked. */
        record Reused(String grantId) implements Rotation { }

        /** Revoked or past its end: nothing issued. */
        record Ended(Grant grant) implements Rotation { }

        /** The old token is used up, the new one stored. */
        record Rotated(Grant grant) implements Rotation { }
    }

    void insertCode(IssuedCode code) {
        jdbi.useExtension(GrantDao.class, dao -> dao.insertCode(code.codeHash(), code.clientId(), code.redirectUri(),
                code.resource(), McpClientMapper.stored(code.scopes()), code.codeChallenge(), code.tenant(),
                code.subject(), code.sessionId(), code.createdAt().toEpochMilli(), code.expiresAt().toEpochMilli()));
    }

    Optional<IssuedCode> findCode(String codeHash) {
        return jdbi.withExtension(GrantDao.class, dao -> dao.findCode(codeHash));
    }

    /**
     * Uses the code up and starts {@code grant} with its first refresh token, in one transaction; false (and
     * nothing stored) when the code was used meanwhile.
     */
    boolean redeemCode(String codeHash, Grant grant, String refreshHash) {
        return jdbi.inTransaction(h -> {
            GrantDao dao = h.attach(GrantDao.class);
            long now = grant.createdAt().toEpochMilli();
            if (dao.useCode(codeHash, grant.id(), now) != 1) {
                return false;
            }
            dao.insertGrant(grant.id(), grant.tenant(), grant.subject(), grant.clientId(), grant.resource(),
                    McpClientMapper.stored(grant.scopes()), grant.sessionId(), now, grant.expiresAt().toEpochMilli());
            dao.insertRefreshToken(refreshHash, grant.id(), now);
            return true;
        });
    }

    /** Uses the refresh token up and stores its successor; a second use revokes the whole grant. */
    Rotation rotate(String oldHash, String newHash, Instant now) {
        return jdbi.inTransaction(h -> {
            GrantDao dao = h.attach(GrantDao.class);
            Optional<String> grantId = dao.grantOfRefreshToken(oldHash);
            if (grantId.isEmpty()) {
                return new Rotation.Unknown();
            }
            if (dao.useRefreshToken(oldHash, now.toEpochMilli()) != 1) {
                dao.revokeGrant(grantId.get(), now.toEpochMilli(), Grant.Revocation.REFRESH_REUSED.code());
                return new Rotation.Reused(grantId.get());
            }
            Grant grant = GrantDao.findGrant(h, grantId.get()).orElseThrow();
            if (!grant.isActive(now)) {
                return new Rotation.Ended(grant);
            }
            dao.insertRefreshToken(newHash, grant.id(), now.toEpochMilli());
            dao.touchGrant(grant.id(), now.toEpochMilli());
            return new Rotation.Rotated(grant);
        });
    }

    Optional<String> grantOfRefreshToken(String hash) {
        return jdbi.withExtension(GrantDao.class, dao -> dao.grantOfRefreshToken(hash));
    }

    Optional<Grant> findGrant(String id) {
        return jdbi.withHandle(h -> GrantDao.findGrant(h, id));
    }

    /** Revokes a live grant; false when it is unknown or revoked already. */
    boolean revoke(String id, Instant now, Grant.Revocation why) {
        return jdbi.withExtension(GrantDao.class, dao -> dao.revokeGrant(id, now.toEpochMilli(), why.code())) == 1;
    }

    List<Grant> pageOfUser(String tenant, String subject, long at, String cursorId, int limit) {
        return jdbi.withExtension(GrantDao.class, dao -> dao.pageOfUser(tenant, subject, at, cursorId, limit));
    }

    List<Grant> page(Optional<String> tenant, long at, String cursorId, int limit) {
        return jdbi.withExtension(GrantDao.class, dao -> dao.page(tenant.orElse(null), at, cursorId, limit));
    }

    /**
     * Deletes codes that expired, and refresh tokens of grants that ended, before {@code before}: they can no
     * longer be used, and a late second use of them finds nothing to revoke. The grants stay, as history.
     */
    int purge(Instant before) {
        return jdbi.withExtension(GrantDao.class, dao -> dao.purgeCodes(before.toEpochMilli())
                + dao.purgeRefreshTokens(before.toEpochMilli()));
    }
}
