package dev.latchkey.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process doorbell: the writer rings it after an event's transaction commits, so long-poll
 * readers and the delivery worker look now instead of at their next tick. Events written by
 * other instances are caught by those ticks. Listeners must return quickly (hand work off).
 */
public final class EventSignal {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Runnable listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Runnable listener) {
        listeners.remove(listener);
    }

    public void fire() {
        listeners.forEach(Runnable::run);
    }
}
