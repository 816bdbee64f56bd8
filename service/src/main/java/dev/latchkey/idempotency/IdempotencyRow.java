package dev.latchkey.idempotency;

import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** A row of {@code idempotency_keys}: a claim, and once its request finished, the sealed answer. */
public record IdempotencyRow(String id, @ColumnName("request_digest") String requestDigest,
                             @ColumnName("claimed_at") long claimedAt, @ColumnName("completed_at") Long completedAt,
                             Integer status, String location, @ColumnName("content_type") String contentType,
                             @ColumnName("response_sealed") String responseSealed,
                             @ColumnName("expires_at") long expiresAt) {

    boolean completed() {
        return completedAt != null;
    }
}
