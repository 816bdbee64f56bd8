package dev.latchkey.flow;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.security.Sealer;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The landing link a user opens: says what is being connected for whom, binds the flow to this
 * browser, records the opening, and hands over the authorization server's URL.
 */
public final class Landing {

    /** Why a link cannot be used. */
    public enum Refusal { UNKNOWN, EXPIRED, COMPLETED, FAILED, CANCELLED, OTHER_BROWSER, OTHER_USER }

    /** What the landing page shows: either the way on, or why not. */
    public record Outcome(Optional<Flow> flow, Optional<String> authorizeUrl, Optional<String> bindingToSet,
                          Optional<Refusal> refusal) {

        static Outcome proceed(Flow flow, String authorizeUrl, Optional<String> bindingToSet) {
            return new Outcome(Optional.of(flow), Optional.of(authorizeUrl), bindingToSet, Optional.empty());
        }

        static Outcome refuse(Flow flow, Refusal refusal) {
            return new Outcome(Optional.ofNullable(flow), Optional.empty(), Optional.empty(), Optional.of(refusal));
        }
    }

    private final Sealer sealer;
    private final AuthorizationRedirect redirects;
    private final FlowStore store;
    private final AuditLog audit;
    private final Clock clock;

    /** What the sealed authorization URL of a flow started before V13 is bound to. */
    public static String authorizeUrlAad(String flowId) {
        return "authorize:" + flowId;
    }

    public Landing(Sealer sealer, AuthorizationRedirect redirects, FlowStore store, AuditLog audit,
                   Clock clock) {
        this.sealer = sealer;
        this.redirects = redirects;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** The flow behind a link, read only: for the page that checks who opens it before it is bound. */
    public Optional<Flow> find(String linkId) {
        return linkId == null || linkId.length() > 64 ? Optional.empty() : store.findByLink(linkId);
    }

    /**
     * The person signed in to Latchkey in this browser is not the user the link is for: refused before the
     * flow is bound, so the right user can still use it, and recorded as a security event.
     */
    public Outcome refuseOtherUser(Flow flow) {
        audit.security("flow.link_other_user", flow.tenant(), "flow", flow.id(),
                "The link was opened by a person signed in as another user; refused.");
        return Outcome.refuse(flow, Refusal.OTHER_USER);
    }

    public Outcome open(String linkId, String cookie) {
        return open(find(linkId), cookie);
    }

    /** Opens the flow {@link #find} read for a link (empty: an unknown link). */
    public Outcome open(Optional<Flow> found, String cookie) {
        if (found.isEmpty()) {
            return Outcome.refuse(null, Refusal.UNKNOWN);
        }
        Flow flow = found.get();
        if (!flow.isPending()) {
            return Outcome.refuse(flow, refusalFor(flow.status()));
        }
        if (flow.expiredAt(clock.instant())) {
            store.finish(flow, FlowStatus.EXPIRED, "expired", "The authorization link expired before it was used.",
                    java.util.List.of());
            return Outcome.refuse(flow, Refusal.EXPIRED);
        }
        Optional<String> presented = BrowserBinding.valid(cookie);
        String binding = presented.orElseGet(BrowserBinding::mint);
        if (flow.browserBinding().isEmpty()) {
            Flow bound = store.bindBrowser(flow.id(), BrowserBinding.hash(binding), clock.millis());
            if (BrowserBinding.matches(Optional.of(binding), bound.browserBinding())) {
                String url = authorizeUrl(bound);
                Timeline timeline = new Timeline(clock);
                timeline.start(Timeline.REDIRECT).tried(URI.create(url)).ok("link opened; browser bound");
                store.appendSteps(flow.id(), timeline.steps());
                return Outcome.proceed(bound, url, presented.isPresent() ? Optional.empty() : Optional.of(binding));
            }
            return otherBrowser(bound);
        }
        if (BrowserBinding.matches(presented, flow.browserBinding())) {
            return Outcome.proceed(flow, authorizeUrl(flow), Optional.empty());
        }
        return otherBrowser(flow);
    }

    private Outcome otherBrowser(Flow flow) {
        audit.security("flow.link_other_browser", flow.tenant(), "flow", flow.id(),
                "The link was opened in a second browser; refused.");
        return Outcome.refuse(flow, Refusal.OTHER_BROWSER);
    }

    private String authorizeUrl(Flow flow) {
        if (flow.authorizeUrlSealed().isPresent()) {
            // started before V13: the whole URL, state included, was sealed at the start
            return sealer.openString(flow.authorizeUrlSealed().get(), authorizeUrlAad(flow.id()));
        }
        return redirects.urlFor(flow);
    }

    static Refusal refusalFor(FlowStatus status) {
        return switch (status) {
            case AUTHORIZED -> Refusal.COMPLETED;
            case EXPIRED -> Refusal.EXPIRED;
            case CANCELLED -> Refusal.CANCELLED;
            default -> Refusal.FAILED;
        };
    }
}
