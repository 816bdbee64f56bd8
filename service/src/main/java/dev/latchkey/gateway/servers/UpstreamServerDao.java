package dev.latchkey.gateway.servers;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code upstream_servers} aggregate: one row per registered server, deleted outright. */
@RegisterRowMapper(UpstreamServerMapper.class)
public interface UpstreamServerDao {

    @SqlUpdate("""
            INSERT INTO upstream_servers (id, tenant, name, url, slug, created_at)
            VALUES (:id, :tenant, :name, :url, :slug, :createdAt)""")
    void insert(@Bind("id") String id, @Bind("tenant") String tenant, @Bind("name") String name,
                @Bind("url") String url, @Bind("slug") String slug, @Bind("createdAt") long createdAt);

    @SqlQuery("SELECT * FROM upstream_servers WHERE tenant = :tenant AND id = :id")
    Optional<UpstreamServer> find(@Bind("tenant") String tenant, @Bind("id") String id);

    @SqlQuery("SELECT * FROM upstream_servers WHERE tenant = :tenant AND url = :url")
    Optional<UpstreamServer> findByUrl(@Bind("tenant") String tenant, @Bind("url") String url);

    UpstreamServerMapper MAPPER = new UpstreamServerMapper();

    /**
     * The tenant's server with this slug. A plain query rather than an attached method: it runs on every
     * gateway request, and attaching a SQL object costs more than the query.
     */
    static Optional<UpstreamServer> findBySlug(Handle handle, String tenant, String slug) {
        return handle.createQuery("SELECT * FROM upstream_servers WHERE tenant = :tenant AND slug = :slug")
                .bind("tenant", tenant)
                .bind("slug", slug)
                .map(MAPPER)
                .findOne();
    }

    /** The tenant's slugs that are {@code base} or {@code base-…}: the candidates a new slug must avoid. */
    @SqlQuery("SELECT slug FROM upstream_servers WHERE tenant = :tenant AND (slug = :base OR slug LIKE :prefix)")
    List<String> slugsLike(@Bind("tenant") String tenant, @Bind("base") String base, @Bind("prefix") String prefix);

    /** One page of a tenant's servers, newest first, strictly after the keyset position (at, cursorId). */
    @SqlQuery("""
            SELECT * FROM upstream_servers
            WHERE tenant = :tenant AND created_at <= :at AND (created_at < :at OR id < :cursorId)
            ORDER BY created_at DESC, id DESC LIMIT :limit""")
    List<UpstreamServer> page(@Bind("tenant") String tenant, @Bind("at") long at, @Bind("cursorId") String cursorId,
                              @Bind("limit") int limit);

    /** As {@link #page} across every tenant, or one tenant when {@code tenant} is not null, and one slug likewise. */
    @SqlQuery("""
            SELECT * FROM upstream_servers
            WHERE created_at <= :at AND (created_at < :at OR id < :cursorId)
              AND (:tenant IS NULL OR tenant = :tenant)
              AND (:slug IS NULL OR slug = :slug)
            ORDER BY created_at DESC, id DESC LIMIT :limit""")
    List<UpstreamServer> pageAll(@Bind("tenant") String tenant, @Bind("slug") String slug, @Bind("at") long at,
                                 @Bind("cursorId") String cursorId, @Bind("limit") int limit);

    @SqlUpdate("DELETE FROM upstream_servers WHERE tenant = :tenant AND id = :id")
    int delete(@Bind("tenant") String tenant, @Bind("id") String id);
}
