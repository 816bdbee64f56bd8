package dev.latchkey.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.protocol.Step;
import java.time.Instant;
import java.util.List;

/** A flow as the API shows it. No secret: the authorization URL is Latchkey's own landing link. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowView(String id, String status, String subject, String authorizationUrl, Instant createdAt,
                       Instant expiresAt, Instant openedAt, Instant completedAt, Server server, List<String> scopes,
                       @JsonRawValue String context, String notice, Error error, String connectionId,
                       List<StepView> timeline) {

    /** The MCP server the flow is for. */
    public record Server(String id, String slug, String url, String resource, String issuer) {
    }

    /** Why a flow failed. */
    public record Error(String code, String description) {
    }

    /** One step of the timeline. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(String step, String outcome, Instant startedAt, long durationMs, List<String> urls,
                           String detail, String plugin) {
        static StepView of(Step step) {
            return new StepView(step.step(), step.outcome().name().toLowerCase(), step.startedAt(),
                    step.durationMillis(), step.urls(), step.detail().orElse(null), step.plugin().orElse(null));
        }
    }

    public static FlowView of(Flow flow, String authorizationUrl, String notice, List<Step> steps) {
        return new FlowView(flow.id(), flow.status().code(), flow.subject(),
                flow.isPending() ? authorizationUrl : null, flow.createdAt(), flow.expiresAt(),
                flow.openedAt().orElse(null), flow.completedAt().orElse(null),
                new Server(flow.serverId(), flow.serverSlug(), flow.serverUrl(), flow.resource(),
                        flow.issuer().orElse(null)),
                flow.scopes(), flow.contextJson().orElse(null), notice,
                flow.errorCode().map(code -> new Error(code, flow.errorDescription().orElse(null))).orElse(null),
                flow.connectionId().orElse(null), steps == null ? null : steps.stream().map(StepView::of).toList());
    }
}
