package dev.latchkey.console;

/** An event from the outbox as the console lists it (the notice text stays in the API). */
public record EventRow(String id, String type, String tenant, String subject, String serverSlug, String flowId,
                       String connectionId, long createdAt) {
}
