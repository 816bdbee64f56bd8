package dev.latchkey.event;

import org.jdbi.v3.core.Handle;

/** Appends an event to the outbox inside the caller's transaction (the handle's). */
public interface EventWriter {

    StoredEvent append(Handle handle, EventDraft draft);
}
