package dev.latchkey.flow;

import dev.latchkey.protocol.Step;
import dev.latchkey.protocol.Failure;
import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.event.EventDraft;
import dev.latchkey.event.EventTypes;
import dev.latchkey.event.EventWriter;
import dev.latchkey.event.PendingEvent;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.store.Dialect;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Every change of a flow's status is written atomically with its timeline steps and the event that
 * tells the assistant about it (the transactional outbox): in one transaction, or — a flow start on
 * PostgreSQL — in one statement shared with the flow starts beside it ({@link GroupedFlowWrites}).
 * A flow start's rows are bound through JDBC on either database ({@link PendingFlowStatement}); on
 * PostgreSQL it commits as {@link FlowStartCommit} says.
 */
public final class FlowStore {

    /** The length of flows.error_description. */
    private static final int MAX_DESCRIPTION_LENGTH = 600;

    private final Jdbi jdbi;
    private final EventWriter events;
    private final ConnectionWriter connections;
    private final Clock clock;
    /** PostgreSQL only: H2 has no data-modifying {@code WITH}, and writes a flow start in a transaction. */
    private final Optional<GroupedFlowWrites> grouped;

    public FlowStore(Jdbi jdbi, EventWriter events, ConnectionWriter connections, Clock clock, Dialect dialect,
                     FlowStartCommit startCommit) {
        this.jdbi = jdbi;
        this.events = events;
        this.connections = connections;
        this.clock = clock;
        this.grouped = dialect == Dialect.POSTGRESQL ? Optional.of(new GroupedFlowWrites(jdbi, startCommit))
                : Optional.empty();
    }

    /** A new pending flow with its {@code assistant_mcp_auth_required} event; returns the event (its notice). */
    public StoredEvent createPending(FlowDao.NewFlow flow, List<Step> steps, String authorizationUrl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("AuthURL", authorizationUrl);
        EventDraft draft = new EventDraft(EventTypes.AUTH_REQUIRED, flow.tenant(), flow.subject(), flow.serverId(),
                flow.serverSlug(), Optional.of(flow.id()), Optional.empty(), Optional.ofNullable(flow.contextJson()),
                fields);
        PendingEvent event = events.prepare(draft);
        PendingFlowStatement.Pending pending = new PendingFlowStatement.Pending(flow, steps, event);
        long seq = grouped.isPresent() ? grouped.get().write(pending) : insertAlone(pending);
        events.written();
        return event.stored(seq);
    }

    /** On H2: the flow start's three statements in a transaction of its own. */
    private long insertAlone(PendingFlowStatement.Pending pending) {
        return jdbi.inTransaction(handle -> PendingFlowStatement.insert(handle, pending));
    }

    /** A flow that could not even start: stored as failed for the operator, no event (the caller got the error). */
    public void createFailed(FlowDao.NewFlow flow, List<Step> steps, Failure failure) {
        jdbi.useTransaction(handle -> {
            FlowDao.insert(handle, flow);
            handle.attach(FlowDao.class).finish(flow.id(), FlowStatus.FAILED.code(), failure.code(),
                    stored(failure.description()), clock.millis());
            new FlowStepDao(handle).appendToNewFlow(flow.id(), steps);
        });
    }

    /**
     * An error description as the flows table keeps it: cut at the column's length. Descriptions
     * quote URLs a caller chose (a resource_metadata of 2000 characters), so they can be longer.
     */
    static String stored(String description) {
        if (description == null || description.length() <= MAX_DESCRIPTION_LENGTH) {
            return description;
        }
        int cut = MAX_DESCRIPTION_LENGTH - 1;
        if (Character.isHighSurrogate(description.charAt(cut - 1))) {
            cut--;
        }
        return description.substring(0, cut) + "\u2026";
    }

    public void appendSteps(String flowId, List<Step> steps) {
        jdbi.useTransaction(handle -> new FlowStepDao(handle).append(flowId, steps));
    }

    /**
     * Ends a pending flow as failed, expired or cancelled, with its result event. False when the
     * flow had already ended (nothing is written then but the steps).
     */
    public boolean finish(Flow flow, FlowStatus status, String code, String description, List<Step> steps) {
        return finish(flow, status, code, description, steps, handle -> { });
    }

    /** As {@link #finish(Flow, FlowStatus, String, String, List)}, with {@code alongside} in the same transaction. */
    public boolean finish(Flow flow, FlowStatus status, String code, String description, List<Step> steps,
                          Consumer<Handle> alongside) {
        return jdbi.inTransaction(handle -> {
            new FlowStepDao(handle).append(flow.id(), steps);
            int changed = handle.attach(FlowDao.class).finish(flow.id(), status.code(), code, stored(description),
                    clock.millis());
            if (changed == 0) {
                return false;
            }
            resultEvent(handle, flow, Optional.empty(), "failed", code, description);
            alongside.accept(handle);
            return true;
        });
    }

    /** Ends a pending flow as authorized: the connection, the flow and the success event together. */
    public Optional<String> authorize(Flow flow, ConnectionWriter.Identity who, TokenSet tokens, List<Step> steps) {
        try {
            return Optional.of(jdbi.inTransaction(handle -> {
                new FlowStepDao(handle).append(flow.id(), steps);
                String connectionId = connections.store(handle, who, tokens);
                if (handle.attach(FlowDao.class).authorize(flow.id(), connectionId, clock.millis()) == 0) {
                    throw new FlowEndedMeanwhile();
                }
                resultEvent(handle, flow, Optional.of(connectionId), "success", null, null);
                return connectionId;
            }));
        } catch (FlowEndedMeanwhile e) {
            // Cancelled or expired while the code was being exchanged: nothing of it is kept.
            return Optional.empty();
        }
    }

    private static final class FlowEndedMeanwhile extends RuntimeException {
        FlowEndedMeanwhile() {
            super(null, null, false, false);
        }
    }

    private void resultEvent(Handle handle, Flow flow, Optional<String> connectionId, String status, String error,
                             String description) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Status", status);
        if (error != null) {
            fields.put("Error", error);
        }
        if (description != null) {
            fields.put("ErrorDescription", description);
        }
        events.append(handle, new EventDraft(EventTypes.AUTH_RESULT, flow.tenant(), flow.subject(), flow.serverId(),
                flow.serverSlug(), Optional.of(flow.id()), connectionId, flow.contextJson(), fields));
    }
}
