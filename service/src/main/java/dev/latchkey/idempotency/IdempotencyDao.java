package dev.latchkey.idempotency;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code idempotency_keys} table: one claimed key per tenant, then the answer it got. */
public interface IdempotencyDao {

    @SqlUpdate("INSERT INTO idempotency_keys (id, tenant, key_digest, request_digest, claimed_at, expires_at) "
            + "VALUES (:id, :tenant, :keyDigest, :requestDigest, :now, :expiresAt)")
    void claim(@Bind("id") String id, @Bind("tenant") String tenant, @Bind("keyDigest") String keyDigest,
               @Bind("requestDigest") String requestDigest, @Bind("now") long now, @Bind("expiresAt") long expiresAt);

    @SqlQuery("SELECT id, request_digest, claimed_at, completed_at, status, location, content_type, response_sealed, "
            + "expires_at FROM idempotency_keys WHERE tenant = :tenant AND key_digest = :keyDigest")
    @RegisterConstructorMapper(IdempotencyRow.class)
    Optional<IdempotencyRow> find(@Bind("tenant") String tenant, @Bind("keyDigest") String keyDigest);

    @SqlUpdate("UPDATE idempotency_keys SET completed_at = :now, status = :status, location = :location, "
            + "content_type = :contentType, response_sealed = :sealed WHERE id = :id AND completed_at IS NULL")
    int complete(@Bind("id") String id, @Bind("now") long now, @Bind("status") int status,
                 @Bind("location") String location, @Bind("contentType") String contentType,
                 @Bind("sealed") String sealed);

    /** Takes over a claim whose request never finished (its instance died); false when another took it first. */
    @SqlUpdate("UPDATE idempotency_keys SET claimed_at = :now WHERE id = :id AND claimed_at = :claimedAt "
            + "AND completed_at IS NULL")
    int takeOver(@Bind("id") String id, @Bind("claimedAt") long claimedAt, @Bind("now") long now);

    @SqlUpdate("DELETE FROM idempotency_keys WHERE id = :id")
    void release(@Bind("id") String id);

    @SqlUpdate("DELETE FROM idempotency_keys WHERE expires_at < :now")
    int deleteExpired(@Bind("now") long now);
}
