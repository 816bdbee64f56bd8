package dev.latchkey.flow;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Caller;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.Step;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Reads flows for one tenant, and cancels them. */
public final class FlowService {

    private final FlowStore store;
    private final FlowLinks links;
    private final AuditLog audit;
    private final Clock clock;

    public FlowService(FlowStore store, FlowLinks links, AuditLog audit, Clock clock) {
        this.store = store;
        this.links = links;
        this.audit = audit;
        this.clock = clock;
    }

    public FlowView get(Caller caller, String id) {
        Flow flow = find(caller, id);
        List<Step> steps = store.steps(id);
        return FlowView.of(flow, links.landing(flow.linkId()), null, steps);
    }

    public Page<FlowView> list(Caller caller, Optional<FlowStatus> status, Optional<String> subject,
                               Optional<String> serverId, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<Flow> rows = store.page(caller.tenant(), position.at(), position.id(), status, subject, serverId,
                limit + 1);
        return Page.fromLookahead(rows, limit, flow -> new Cursor(flow.createdAt().toEpochMilli(), flow.id()))
                .map(flow -> FlowView.of(flow, links.landing(flow.linkId()), null, null));
    }

    /**
     * Cancels a pending flow; the assistant learns of it through a failed result event. Audited as
     * the API key in the same transaction.
     */
    public FlowView cancel(Caller caller, String id, String by) {
        Flow flow = find(caller, id);
        if (!flow.isPending()) {
            throw Failure.conflict("flow_not_pending", "The flow is " + flow.status().code()
                    + "; only a pending flow can be cancelled.");
        }
        Timeline timeline = new Timeline(clock);
        timeline.start("cancel").ok("cancelled by " + by);
        if (!store.finish(flow, FlowStatus.CANCELLED, "cancelled", "The authorization was cancelled.",
                timeline.steps(), handle -> audit.record(handle, AuditEntry.ActorType.API_KEY,
                        "lk_" + caller.keyPrefix(), caller.tenant(), "flow.cancel", "flow", flow.id(),
                        AuditEntry.Outcome.SUCCESS, null))) {
            throw Failure.conflict("flow_not_pending", "The flow ended before it could be cancelled.");
        }
        return get(caller, id);
    }

    /**
     * An operator's cancel, in any tenant: the same result event as {@link #cancel}, audited as the
     * operator in the same transaction. False when the flow is unknown or no longer pending.
     */
    public boolean cancelByOperator(String id, String operator) {
        Optional<Flow> found = store.find(id);
        if (found.isEmpty() || !found.get().isPending()) {
            return false;
        }
        Flow flow = found.get();
        Timeline timeline = new Timeline(clock);
        timeline.start("cancel").ok("cancelled by operator " + operator);
        return store.finish(flow, FlowStatus.CANCELLED, "cancelled", "The authorization was cancelled by an operator.",
                timeline.steps(), handle -> audit.record(handle, AuditEntry.ActorType.OPERATOR, operator,
                        flow.tenant(), "flow.cancel", "flow", flow.id(), AuditEntry.Outcome.SUCCESS, null));
    }

    private Flow find(Caller caller, String id) {
        return store.find(caller.tenant(), id)
                .orElseThrow(() -> Failure.notFound("not_found", "Flow " + safeId(id) + " was not found."));
    }

    /** An id fit to repeat in an error message: its safe characters, at most 40 of them. */
    static String safeId(String id) {
        String clean = id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "");
        return clean.length() > 40 ? clean.substring(0, 40) : clean;
    }
}
