package dev.latchkey.flow.store;

import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.event.EventDraft;
import dev.latchkey.event.EventSubject;
import dev.latchkey.event.EventTypes;
import dev.latchkey.event.EventWriter;
import dev.latchkey.event.PendingEvent;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.Step;
import dev.latchkey.protocol.TokenSet;
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
 * The only way to the flows and flow_steps tables. Every change of a flow's status is written
 * atomically with its timeline steps and the event that tells the assistant about it (the
 * transactional outbox). A flow start is the hot write: on PostgreSQL it shares one statement with
 * the flow starts beside it ({@link GroupedFlowWrites}), bound through JDBC on either database
 * ({@link PendingFlowStatement}), and commits as {@link FlowStartCommit} says.
 */
public final class FlowStore {

    /** The SQL objects this store attaches, described once at start-up. */
    public static final List<Class<?>> SQL_OBJECTS = List.of(FlowDao.class);
    /** The length of flows.error_description. */
    private static final int MAX_DESCRIPTION_LENGTH = 600;

    private final Jdbi jdbi;
    private final EventWriter events;
    private final ConnectionWriter connections;
    private final Clock clock;
    /** PostgreSQL only: H2 has no data-modifying {@code WITH}, and writes a flow start in a transaction. */
    private final Optional<GroupedFlowWrites> grouped;
    /** Counts each pending flow's end once: here, where a second end of the same flow changes nothing. */
    private final DomainMetrics metrics;

    public FlowStore(Jdbi jdbi, EventWriter events, ConnectionWriter connections, Clock clock, Dialect dialect,
                     FlowStartCommit startCommit) {
        this(jdbi, events, connections, clock, dialect, startCommit, DomainMetrics.unexported());
    }

    public FlowStore(Jdbi jdbi, EventWriter events, ConnectionWriter connections, Clock clock, Dialect dialect,
                     FlowStartCommit startCommit, DomainMetrics metrics) {
        this.metrics = metrics;
        this.jdbi = jdbi;
        this.events = events;
        this.connections = connections;
        this.clock = clock;
        this.grouped = dialect == Dialect.POSTGRESQL ? Optional.of(new GroupedFlowWrites(jdbi, startCommit))
                : Optional.empty();
    }

    /** A new pending flow with its {@code assistant_mcp_auth_required} event; returns the event (its notice). */
    public StoredEvent createPending(NewFlow flow, List<Step> steps, String authorizationUrl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("AuthURL", authorizationUrl);
        EventDraft draft = EventDraft.aboutFlow(EventTypes.AUTH_REQUIRED, new EventSubject(flow.tenant(),
                flow.subject(), flow.serverId(), flow.serverSlug()), flow.id(), Optional.ofNullable(flow.contextJson()),
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
    public void createFailed(NewFlow flow, List<Step> steps, Failure failure) {
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
        boolean ended = jdbi.inTransaction(handle -> {
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
        if (ended) {
            counted(status, code);
        }
        return ended;
    }

    private void counted(FlowStatus status, String code) {
        switch (status) {
            case FAILED -> metrics.flowFailed(code);
            case EXPIRED -> metrics.flowAbandoned(DomainMetrics.Abandoned.EXPIRED);
            case CANCELLED -> metrics.flowAbandoned(DomainMetrics.Abandoned.CANCELLED);
            default -> { }
        }
    }

    /** Ends a pending flow as authorized: the connection, the flow and the success event together. */
    public Optional<String> authorize(Flow flow, ConnectionWriter.Identity who, TokenSet tokens, List<Step> steps) {
        return authorize(flow, who, tokens, Optional.empty(), steps);
    }

    /** As {@link #authorize(Flow, ConnectionWriter.Identity, TokenSet, List)}, the tokens bound to the DPoP key {@code dpopJkt}. */
    public Optional<String> authorize(Flow flow, ConnectionWriter.Identity who, TokenSet tokens,
                                      Optional<String> dpopJkt, List<Step> steps) {
        try {
            Optional<String> authorized = Optional.of(jdbi.inTransaction(handle -> {
                new FlowStepDao(handle).append(flow.id(), steps);
                String connectionId = connections.store(handle, who, tokens, dpopJkt);
                if (handle.attach(FlowDao.class).authorize(flow.id(), connectionId, clock.millis()) == 0) {
                    throw new FlowEndedMeanwhile();
                }
                resultEvent(handle, flow, Optional.of(connectionId), "success", null, null);
                return connectionId;
            }));
            metrics.flowAuthorized();
            return authorized;
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

    public Optional<Flow> find(String id) {
        return jdbi.withExtension(FlowDao.class, dao -> dao.find(id));
    }

    /** The flow, if it is this tenant's. */
    public Optional<Flow> find(String tenant, String id) {
        return jdbi.withExtension(FlowDao.class, dao -> dao.find(tenant, id));
    }

    public Optional<Flow> findByLink(String linkId) {
        return jdbi.withExtension(FlowDao.class, dao -> dao.findByLink(linkId));
    }

    /**
     * Binds a pending, unbound flow to the browser that opens its link first; returns the flow as it
     * then stands, so the caller sees whether its browser or another one won.
     */
    public Flow bindBrowser(String flowId, String bindingHash, long now) {
        jdbi.useExtension(FlowDao.class, dao -> dao.bindBrowser(flowId, bindingHash, now));
        return jdbi.withExtension(FlowDao.class, dao -> dao.find(flowId)).orElseThrow();
    }

    /** Consumes a pending flow's state; true for exactly one caller, false for a replay. */
    public boolean consumeState(String flowId, long now) {
        return jdbi.withExtension(FlowDao.class, dao -> dao.consumeState(flowId, now)) != 0;
    }

    /** The flow's timeline, in order. */
    public List<Step> steps(String flowId) {
        return jdbi.withHandle(handle -> new FlowStepDao(handle).list(flowId));
    }

    /** One page of a tenant's flows, newest first, from the keyset position (at, cursorId). */
    public List<Flow> page(String tenant, long at, String cursorId, Optional<FlowStatus> status,
                           Optional<String> subject, Optional<String> serverId, int limit) {
        return jdbi.withExtension(FlowDao.class, dao -> dao.page(tenant, at, cursorId,
                status.map(FlowStatus::code).orElse(null), subject.orElse(null), serverId.orElse(null), limit));
    }

    /** Pending flows whose deadline has passed by {@code now}, oldest first. */
    public List<Flow> overdue(long now, int limit) {
        return jdbi.withExtension(FlowDao.class, dao -> dao.overdue(now, limit));
    }

    /** The scopes (space-separated) of the step-up flows for a connection created after {@code since}. */
    public List<String> stepUpScopes(String connectionId, long since) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT scopes FROM flows WHERE step_up_of = :connection AND created_at > :since""")
                .bind("connection", connectionId).bind("since", since).mapTo(String.class).list());
    }

    /**
     * Deletes up to {@code limit} flows of a final status that started and finished before
     * {@code before}, with their steps, in one transaction; returns how many. Walking the
     * (status, created_at) index keeps this off a table scan for completed_at.
     */
    public int purgeFinished(FlowStatus status, long before, int limit) {
        return jdbi.inTransaction(handle -> {
            List<String> ids = handle.createQuery("""
                            SELECT id FROM flows WHERE status = :status AND created_at < :before AND completed_at < :before
                            ORDER BY created_at LIMIT :limit""")
                    .bind("status", status.code())
                    .bind("before", before)
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .list();
            if (ids.isEmpty()) {
                return 0;
            }
            handle.createUpdate("DELETE FROM flow_steps WHERE flow_id IN (<ids>)").bindList("ids", ids).execute();
            return handle.createUpdate("DELETE FROM flows WHERE id IN (<ids>)").bindList("ids", ids).execute();
        });
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
        events.append(handle, EventDraft.aboutFlow(EventTypes.AUTH_RESULT, flow.eventSubject(), flow.id(),
                flow.contextJson(), fields).withConnection(connectionId));
    }
}
