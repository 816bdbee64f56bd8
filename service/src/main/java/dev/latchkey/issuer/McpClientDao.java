package dev.latchkey.issuer;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oauth_clients} aggregate. */
@RegisterRowMapper(McpClientMapper.class)
public interface McpClientDao {

    @SqlUpdate("""
            INSERT INTO oauth_clients (client_id, kind, client_name, redirect_uris, auth_method, grant_types,
                                       secret_hash, created_at, last_seen_at, fresh_until)
            VALUES (:clientId, :kind, :name, :redirectUris, :authMethod, :grantTypes, :secretHash, :now, :now,
                    :freshUntil)""")
    void insert(@Bind("clientId") String clientId, @Bind("kind") String kind, @Bind("name") String name,
                @Bind("redirectUris") String redirectUris, @Bind("authMethod") String authMethod,
                @Bind("grantTypes") String grantTypes, @Bind("secretHash") String secretHash, @Bind("now") long now,
                @Bind("freshUntil") Long freshUntil);

    /** A metadata document fetched again: what it says now, and until when it is trusted. */
    @SqlUpdate("""
            UPDATE oauth_clients SET client_name = :name, redirect_uris = :redirectUris, auth_method = :authMethod,
                   grant_types = :grantTypes, last_seen_at = :now, fresh_until = :freshUntil
            WHERE client_id = :clientId AND kind = 'metadata_document'""")
    int refresh(@Bind("clientId") String clientId, @Bind("name") String name,
                @Bind("redirectUris") String redirectUris, @Bind("authMethod") String authMethod,
                @Bind("grantTypes") String grantTypes, @Bind("now") long now, @Bind("freshUntil") Long freshUntil);

    @SqlQuery("SELECT * FROM oauth_clients WHERE client_id = :clientId")
    Optional<McpClient> find(@Bind("clientId") String clientId);

    @SqlUpdate("UPDATE oauth_clients SET last_seen_at = :now WHERE client_id = :clientId")
    int touch(@Bind("clientId") String clientId, @Bind("now") long now);

    /** Newest first; {@code created_at <= :at} lets the index scan start at the cursor. */
    @SqlQuery("""
            SELECT * FROM oauth_clients
            WHERE created_at <= :at AND (created_at < :at OR client_id < :cursorId)
            ORDER BY created_at DESC, client_id DESC
            LIMIT :limit""")
    List<McpClient> page(@Bind("at") long at, @Bind("cursorId") String cursorId, @Bind("limit") int limit);
}
