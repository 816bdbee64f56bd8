package dev.latchkey.flow.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit for flow starts on PostgreSQL. A flow start queues its write and takes one of a few
 * writer slots; the slot's holder writes everything queued so far in one statement
 * ({@link PendingFlowStatement}) and one commit. Alone, a flow start writes at once; under load the
 * flow starts that arrived during one write share the next, so the statement and its commit are
 * paid once per group. Each flow is written before its caller returns. A group that fails is
 * written again one flow at a time, so that only the flow at fault fails.
 */
final class GroupedFlowWrites {

    /** Bounds a statement's size (each flow is ~50 values). */
    static final int MAX_GROUP = 32;
    /** Groups in flight at once: one can wait for its commit while the next is written. */
    static final int SLOTS = 2;

    private final Jdbi jdbi;
    private final FlowStartCommit commit;
    private final Semaphore slots = new Semaphore(SLOTS);
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();

    GroupedFlowWrites(Jdbi jdbi, FlowStartCommit commit) {
        this.jdbi = jdbi;
        this.commit = commit;
    }

    /** Writes the flow start, alone or with others; returns its event's seq. */
    long write(PendingFlowStatement.Pending pending) {
        Queued mine = new Queued(pending);
        queue.add(mine);
        // Until some group has taken this flow start; that group then completes it.
        while (!mine.claimed) {
            slots.acquireUninterruptibly();
            try {
                if (!mine.claimed) {
                    writeGroup(drain());
                }
            } finally {
                slots.release();
            }
        }
        try {
            return mine.seq.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private List<Queued> drain() {
        List<Queued> group = new ArrayList<>();
        Queued next;
        while (group.size() < MAX_GROUP && (next = queue.poll()) != null) {
            next.claimed = true;
            group.add(next);
        }
        return group;
    }

    /** Writes the group and completes each of its flow starts, with its seq or its failure. */
    void writeGroup(List<Queued> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            Map<String, Long> seqs = jdbi.withHandle(handle ->
                    PendingFlowStatement.execute(handle, group.stream().map(Queued::pending).toList(), commit));
            group.forEach(queued -> queued.seq.complete(seqs.get(queued.pending.event().id())));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).seq.completeExceptionally(e);
                return;
            }
            // The statement wrote nothing: each flow again on its own, so only the one at fault fails.
            group.forEach(queued -> writeGroup(List.of(queued)));
        } finally {
            // Even after an Error, no flow start is left waiting for a write that is over; only those
            // not completed get an exception, as building one per flow is not free on this path.
            for (Queued queued : group) {
                if (!queued.seq.isDone()) {
                    queued.seq.completeExceptionally(new IllegalStateException("the flow start could not be written"));
                }
            }
        }
    }

    /** A queued flow start: claimed by the group that writes it, completed with its event's seq. */
    static final class Queued {
        private final PendingFlowStatement.Pending pending;
        private final CompletableFuture<Long> seq = new CompletableFuture<>();
        private volatile boolean claimed;

        Queued(PendingFlowStatement.Pending pending) {
            this.pending = pending;
        }

        PendingFlowStatement.Pending pending() {
            return pending;
        }

        CompletableFuture<Long> seq() {
            return seq;
        }
    }
}
