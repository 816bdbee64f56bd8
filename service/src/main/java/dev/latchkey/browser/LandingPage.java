package dev.latchkey.browser;

import dev.latchkey.flow.Landing;
import dev.latchkey.flow.store.Flow;
import io.dropwizard.views.common.View;
import java.net.URI;

/** The page behind an authorization link: who and what is being connected, and the way on. */
public final class LandingPage extends View {

    private final Landing.Outcome outcome;
    private final String tenantName;
    private final String signedInAs;

    /** {@code tenantName}: what the user is shown for the application that asks (its tenant's display name). */
    public LandingPage(Landing.Outcome outcome, String tenantName) {
        this(outcome, tenantName, "");
    }

    /** {@code signedInAs}: the name of the person signed in to Latchkey who opened the link, or "". */
    public LandingPage(Landing.Outcome outcome, String tenantName, String signedInAs) {
        super("/ui/templates/landing.ftlh");
        this.outcome = outcome;
        this.tenantName = tenantName;
        this.signedInAs = signedInAs;
    }

    public String getSignedInAs() {
        return signedInAs;
    }

    public String getTenantName() {
        return tenantName;
    }

    public boolean isProceed() {
        return outcome.authorizeUrl().isPresent();
    }

    public String getRefusal() {
        return outcome.refusal().map(r -> r.name().toLowerCase()).orElse("");
    }

    public String getAuthorizeUrl() {
        return outcome.authorizeUrl().orElse("");
    }

    public String getSubject() {
        return outcome.flow().map(Flow::subject).orElse("");
    }

    public String getServerUrl() {
        return outcome.flow().map(Flow::serverUrl).orElse("");
    }

    public String getServerId() {
        return outcome.flow().map(Flow::serverId).orElse("");
    }

    public String getAuthorizationServerHost() {
        return outcome.authorizeUrl().map(url -> URI.create(url).getHost()).orElse("");
    }

    public String getScopes() {
        return outcome.flow().map(flow -> String.join(" ", flow.scopes())).orElse("");
    }
}
