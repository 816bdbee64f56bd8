package dev.latchkey.event;

import org.jdbi.v3.core.Handle;

/** Appends an event to the outbox inside the caller's transaction (the handle's). */
public interface EventWriter {

    StoredEvent append(Handle handle, EventDraft draft);

    /**
     * The event ready to be written by the caller's own statement ({@link PendingEvent#COLUMNS});
     * the caller calls {@link #written()} once that statement has committed.
     */
    PendingEvent prepare(EventDraft draft);

    /** Tells the readers and the delivery worker that a prepared event has been committed. */
    void written();
}
