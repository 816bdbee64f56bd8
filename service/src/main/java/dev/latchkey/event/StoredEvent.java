package dev.latchkey.event;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** An event as written to the outbox; {@code notice} is the rendered message-context block. */
public record StoredEvent(long seq, String id, String type, String tenant, String subject, String serverId,
                          String serverSlug, Optional<String> flowId, Optional<String> connectionId,
                          Optional<String> contextJson, Map<String, String> fields, String notice, Instant createdAt) {
}
