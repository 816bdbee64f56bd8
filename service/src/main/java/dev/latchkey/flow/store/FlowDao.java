package dev.latchkey.flow.store;

import dev.latchkey.store.Inserts;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The flows aggregate: the flow row and its steps. State changes are conditional on the current status. */
@RegisterRowMapper(FlowMapper.class)
public interface FlowDao {

    /** The insert of one new flow, bound by {@link NewFlow#values()}. */
    String INSERT = Inserts.sql("flows", NewFlow.COLUMNS, 1);

    /** Writes a new pending flow: a plain statement, as attaching the DAO costs more than this insert. */
    static void insert(Handle handle, NewFlow flow) {
        Inserts.bind(handle.createUpdate(INSERT), flow.values()).execute();
    }

    @SqlQuery("SELECT * FROM flows WHERE id = :id")
    Optional<Flow> find(@Bind("id") String id);

    @SqlQuery("SELECT * FROM flows WHERE id = :id AND tenant = :tenant")
    Optional<Flow> find(@Bind("tenant") String tenant, @Bind("id") String id);

    @SqlQuery("SELECT * FROM flows WHERE link_id = :link")
    Optional<Flow> findByLink(@Bind("link") String linkId);

    /** Binds the flow to the first browser that opens its link; true when this browser is (now) the bound one. */
    @SqlUpdate("""
            UPDATE flows SET browser_binding = :binding, opened_at = :now
            WHERE id = :id AND status = 'pending' AND browser_binding IS NULL""")
    int bindBrowser(@Bind("id") String id, @Bind("binding") String bindingHash, @Bind("now") long now);

    /** Consumes the state: exactly one caller wins; a replay updates nothing. */
    @SqlUpdate("""
            UPDATE flows SET state_consumed_at = :now
            WHERE id = :id AND status = 'pending' AND state_consumed_at IS NULL""")
    int consumeState(@Bind("id") String id, @Bind("now") long now);

    @SqlUpdate("""
            UPDATE flows SET status = 'authorized', connection_id = :connectionId, completed_at = :now,
                             authorize_url_sealed = NULL
            WHERE id = :id AND status = 'pending'""")
    int authorize(@Bind("id") String id, @Bind("connectionId") String connectionId, @Bind("now") long now);

    @SqlUpdate("""
            UPDATE flows SET status = :status, error_code = :code, error_description = :description,
                             completed_at = :now, authorize_url_sealed = NULL
            WHERE id = :id AND status = 'pending'""")
    int finish(@Bind("id") String id, @Bind("status") String status, @Bind("code") String code,
               @Bind("description") String description, @Bind("now") long now);

    /** Pending flows whose deadline has passed, oldest first. */
    @SqlQuery("SELECT * FROM flows WHERE status = 'pending' AND expires_at <= :now ORDER BY expires_at LIMIT :limit")
    List<Flow> overdue(@Bind("now") long now, @Bind("limit") int limit);

    /**
     * One page of a tenant's flows, newest first, keyset on (created_at, id). {@code created_at <= :at}
     * is what lets PostgreSQL start the index scan at the cursor; the OR alone made it walk every newer row.
     */
    @SqlQuery("""
            SELECT * FROM flows
            WHERE tenant = :tenant
              AND created_at <= :at AND (created_at < :at OR id < :cursorId)
              AND (:status IS NULL OR status = :status)
              AND (:subject IS NULL OR subject = :subject)
              AND (:serverId IS NULL OR server_id = :serverId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<Flow> page(@Bind("tenant") String tenant, @Bind("at") long at, @Bind("cursorId") String cursorId,
                    @Bind("status") String status, @Bind("subject") String subject,
                    @Bind("serverId") String serverId, @Bind("limit") int limit);
}
