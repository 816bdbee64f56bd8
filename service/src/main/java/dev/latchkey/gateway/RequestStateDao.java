package dev.latchkey.gateway;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code gateway_request_states} table: the ids of the request states already presented. */
public interface RequestStateDao {

    @SqlUpdate("INSERT INTO gateway_request_states (state_id, used_at, expires_at) VALUES (:id, :now, :expiresAt)")
    void insert(@Bind("id") String id, @Bind("now") long now, @Bind("expiresAt") long expiresAt);

    @SqlUpdate("DELETE FROM gateway_request_states WHERE expires_at < :now")
    int deleteExpired(@Bind("now") long now);
}
