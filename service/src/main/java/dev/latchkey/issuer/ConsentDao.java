package dev.latchkey.issuer;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oauth_consents} aggregate. */
@RegisterRowMapper(ConsentMapper.class)
public interface ConsentDao {

    @SqlQuery("""
            SELECT * FROM oauth_consents
            WHERE tenant = :tenant AND subject = :subject AND client_id = :clientId AND resource = :resource""")
    Optional<Consent> find(@Bind("tenant") String tenant, @Bind("subject") String subject,
                           @Bind("clientId") String clientId, @Bind("resource") String resource);

    @SqlQuery("SELECT * FROM oauth_consents WHERE id = :id AND tenant = :tenant AND subject = :subject")
    Optional<Consent> findOfUser(@Bind("tenant") String tenant, @Bind("subject") String subject,
                                 @Bind("id") String id);

    @SqlUpdate("""
            INSERT INTO oauth_consents (id, tenant, subject, client_id, resource, scopes, created_at, updated_at)
            VALUES (:id, :tenant, :subject, :clientId, :resource, :scopes, :now, :now)""")
    void insert(@Bind("id") String id, @Bind("tenant") String tenant, @Bind("subject") String subject,
                @Bind("clientId") String clientId, @Bind("resource") String resource, @Bind("scopes") String scopes,
                @Bind("now") long now);

    @SqlUpdate("UPDATE oauth_consents SET scopes = :scopes, updated_at = :now WHERE id = :id")
    int update(@Bind("id") String id, @Bind("scopes") String scopes, @Bind("now") long now);

    @SqlUpdate("DELETE FROM oauth_consents WHERE id = :id")
    int delete(@Bind("id") String id);

    @SqlQuery("""
            SELECT * FROM oauth_consents
            WHERE tenant = :tenant AND subject = :subject
              AND created_at <= :at AND (created_at < :at OR id < :cursorId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<Consent> pageOfUser(@Bind("tenant") String tenant, @Bind("subject") String subject, @Bind("at") long at,
                             @Bind("cursorId") String cursorId, @Bind("limit") int limit);
}
