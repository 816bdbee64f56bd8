package dev.latchkey.console;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Plain SQL implementations of the console's actions, each a single conditional update so that
 * a concurrent change wins cleanly. They change only local rows: cancelling writes no event,
 * revoking does not call the authorization server's revocation endpoint and retrying only makes
 * the delivery due. Where a feature service does more, wire that service to the port instead.
 */
public final class LocalConsoleActions
        implements FlowCanceller, ClientDeleter, ConnectionRevoker, DeliveryRetrier, WebhookDisabler {

    private final Jdbi jdbi;
    private final Clock clock;

    public LocalConsoleActions(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public boolean cancel(String flowId) {
        return update("""
                UPDATE flows SET status = 'cancelled', completed_at = :now, error_code = 'cancelled',
                       error_description = 'Cancelled by an operator.'
                WHERE id = :id AND status = 'pending'""", flowId);
    }

    @Override
    public boolean delete(String clientRef) {
        return update("DELETE FROM registered_clients WHERE id = :id", clientRef);
    }

    @Override
    public boolean revoke(String connectionId) {
        return update("""
                UPDATE connections SET status = 'revoked', tokens_sealed = NULL, has_refresh_token = FALSE,
                       next_refresh_after = NULL, version = version + 1, updated_at = :now
                WHERE id = :id AND status <> 'revoked'""", connectionId);
    }

    @Override
    public boolean retryNow(String deliveryId) {
        return update("""
                UPDATE deliveries SET state = 'pending', next_attempt_at = :now, updated_at = :now
                WHERE id = :id AND state <> 'delivered'""", deliveryId);
    }

    @Override
    public boolean disable(String webhookId) {
        return update("UPDATE webhooks SET enabled = FALSE WHERE id = :id AND enabled = TRUE", webhookId);
    }

    private boolean update(String sql, String id) {
        return jdbi.withHandle(handle -> {
            var update = handle.createUpdate(sql).bind("id", id);
            if (sql.contains(":now")) {
                update.bind("now", clock.millis());
            }
            return update.execute();
        }) == 1;
    }
}
