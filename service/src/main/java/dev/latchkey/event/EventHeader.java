package dev.latchkey.event;

/** An event's position, identity, tenant, type and time: all the webhook fan-out reads of it. */
public record EventHeader(long seq, String id, String tenant, String type, long createdAt) {
}
