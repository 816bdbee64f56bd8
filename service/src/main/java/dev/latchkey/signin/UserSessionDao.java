package dev.latchkey.signin;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code user_sessions} aggregate. Ended and expired sessions stay listed until they are purged. */
@RegisterRowMapper(UserSessionMapper.class)
public interface UserSessionDao {

    @SqlUpdate("""
            INSERT INTO user_sessions (id, secret_hash, tenant, provider, subject, display_name, created_at,
                                       expires_at, last_seen_at)
            VALUES (:id, :hash, :tenant, :provider, :subject, :displayName, :now, :expiresAt, :now)""")
    void insert(@Bind("id") String id, @Bind("hash") String hash, @Bind("tenant") String tenant,
                @Bind("provider") String provider, @Bind("subject") String subject,
                @Bind("displayName") String displayName, @Bind("now") long now, @Bind("expiresAt") long expiresAt);

    @SqlQuery("SELECT * FROM user_sessions WHERE id = :id")
    Optional<UserSession> find(@Bind("id") String id);

    /** A page, newest first, of one tenant's sessions or every tenant's, of one subject's or everyone's. */
    @SqlQuery("""
            SELECT * FROM user_sessions
            WHERE created_at <= :at AND (created_at < :at OR id < :cursorId)
              AND (:tenant IS NULL OR tenant = :tenant)
              AND (:subject IS NULL OR subject = :subject)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<UserSession> page(@Bind("tenant") String tenant, @Bind("subject") String subject, @Bind("at") long at,
                           @Bind("cursorId") String cursorId, @Bind("limit") int limit);

    @SqlUpdate("UPDATE user_sessions SET ended_at = :now WHERE id = :id AND ended_at IS NULL AND expires_at > :now")
    int end(@Bind("id") String id, @Bind("now") long now);

    @SqlUpdate("UPDATE user_sessions SET last_seen_at = :now WHERE id = :id AND last_seen_at < :since")
    int touch(@Bind("id") String id, @Bind("now") long now, @Bind("since") long since);

    @SqlUpdate("DELETE FROM user_sessions WHERE expires_at < :before OR ended_at < :before")
    int purge(@Bind("before") long before);
}
