package dev.latchkey.event;

import java.util.Objects;

/** Whom an event is about, and which of their MCP servers: what every event carries. */
public record EventSubject(String tenant, String subject, String serverId, String serverSlug) {

    public EventSubject {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverSlug, "serverSlug");
    }
}
