package dev.latchkey.signin;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code pending_sign_ins} table: written when a sign-in leaves for its provider, taken once when it returns. */
@RegisterRowMapper(PendingSignInMapper.class)
public interface PendingSignInDao {

    @SqlUpdate("""
            INSERT INTO pending_sign_ins (state_hash, browser_hash, provider, secrets_sealed, continue_to, created_at,
                                          expires_at)
            VALUES (:stateHash, :browserHash, :provider, :secretsSealed, :continueTo, :createdAt, :expiresAt)""")
    void insert(@Bind("stateHash") String stateHash, @Bind("browserHash") String browserHash,
                @Bind("provider") String provider, @Bind("secretsSealed") String secretsSealed,
                @Bind("continueTo") String continueTo, @Bind("createdAt") long createdAt,
                @Bind("expiresAt") long expiresAt);

    @SqlQuery("SELECT * FROM pending_sign_ins WHERE state_hash = :stateHash")
    Optional<PendingSignIn> find(@Bind("stateHash") String stateHash);

    @SqlUpdate("DELETE FROM pending_sign_ins WHERE state_hash = :stateHash")
    int delete(@Bind("stateHash") String stateHash);

    @SqlUpdate("DELETE FROM pending_sign_ins WHERE expires_at < :now")
    int purge(@Bind("now") long now);
}
