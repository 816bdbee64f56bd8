package dev.latchkey.console;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.plugin.PluginCatalog;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The overview, the plugins page and the audit log. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleOverviewResource {

    /** Audit action prefixes offered as filters. */
    static final Map<String, String> AUDIT_KINDS = auditKinds();

    private final OverviewQueries overview;
    private final DeliveryRows deliveries;
    private final PluginCatalog plugins;
    private final AuditLog auditLog;
    private final ConsolePages pages;

    public ConsoleOverviewResource(OverviewQueries overview, DeliveryRows deliveries, PluginCatalog plugins,
                                   AuditLog auditLog, ConsolePages pages) {
        this.overview = overview;
        this.deliveries = deliveries;
        this.plugins = plugins;
        this.auditLog = auditLog;
        this.pages = pages;
    }

    @GET
    public ConsolePage overview(@Auth Operator operator) {
        Map<String, Object> model = new HashMap<>();
        model.put("flowCounts", overview.flowsByStatus());
        model.put("connectionCounts", overview.connectionsByStatus());
        model.put("pendingByAge", overview.pendingByAge());
        model.put("backlog", deliveries.backlog());
        model.put("oldestUndelivered", deliveries.oldestUndelivered().map(Object.class::cast).orElse(""));
        model.put("chart", OutcomeChart.of(overview.outcomesLast24Hours()));
        return pages.page("overview", "Overview", "overview", operator, model);
    }

    @GET
    @Path("/plugins")
    public ConsolePage plugins(@Auth Operator operator) {
        return pages.page("plugins", "Plugins", "plugins", operator, Map.of("plugins", plugins.plugins()));
    }

    @GET
    @Path("/audit")
    public ConsolePage audit(@Auth Operator operator, @QueryParam("kind") String kind,
                             @QueryParam("actor") String actor, @QueryParam("cursor") String cursor) {
        Optional<String> chosenKind = FilterText.of(kind).filter(AUDIT_KINDS::containsKey);
        Optional<String> chosenActor = FilterText.of(actor);
        Page<AuditEntry> page = auditLog.page(chosenKind, chosenActor, cursor, ConsoleFlowsResource.PAGE_SIZE);
        Map<String, String> filter = new LinkedHashMap<>();
        chosenKind.ifPresent(v -> filter.put("kind", v));
        chosenActor.ifPresent(v -> filter.put("actor", v));
        Map<String, Object> model = Links.listModel("/console/audit", filter, page.nextCursor());
        model.put("entries", page.items().stream().map(AuditLine::of).toList());
        model.put("kinds", AUDIT_KINDS);
        return pages.page("audit", "Audit log", "audit", operator, model);
    }

    /** An audit entry flattened for the template (enums as text, time as millis). */
    public record AuditLine(String id, long at, String actorType, String actor, String tenant, String action,
                            String target, String outcome, String details) {
        static AuditLine of(AuditEntry e) {
            String target = e.targetType() == null ? "" : e.targetType() + (e.targetId() == null ? "" : " " + e.targetId());
            return new AuditLine(e.id(), e.occurredAt().toEpochMilli(), e.actorType().name().toLowerCase(), e.actor(),
                    e.tenant() == null ? "" : e.tenant(), e.action(), target, e.outcome().name().toLowerCase(),
                    e.details() == null ? "" : e.details());
        }
    }

    private static Map<String, String> auditKinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("console.sign_in", "Console sign-ins");
        kinds.put("console.", "Console sessions and refused forms");
        kinds.put("console.csrf_rejected", "Refused forms (CSRF)");
        kinds.put("flow.cancel", "Flows cancelled");
        kinds.put("connection.revoke", "Connections revoked");
        kinds.put("delivery.retry", "Deliveries retried");
        kinds.put("webhook.", "Webhook changes");
        kinds.put("client.", "Registered clients");
        kinds.put("flow.", "Flow events, security included");
        kinds.put("egress.", "Blocked egress");
        kinds.put("api_key.", "API keys");
        return java.util.Collections.unmodifiableMap(kinds);
    }
}
