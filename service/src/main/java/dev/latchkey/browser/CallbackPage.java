package dev.latchkey.browser;

import dev.latchkey.flow.CallbackResult;
import dev.latchkey.flow.store.Flow;
import io.dropwizard.views.common.View;

/** The result a user sees after signing in: success, or the failure in plain words. */
public final class CallbackPage extends View {

    private final CallbackResult result;
    private final String tenantName;

    /** {@code tenantName}: what the user is shown for the application that asked (its tenant's display name). */
    public CallbackPage(CallbackResult result, String tenantName) {
        super("/ui/templates/callback.ftlh");
        this.result = result;
        this.tenantName = tenantName;
    }

    public String getTenantName() {
        return tenantName;
    }

    public String getKind() {
        return result.kind().name().toLowerCase();
    }

    public String getServerUrl() {
        return result.flow().map(Flow::serverUrl).orElse("");
    }

    public String getSubject() {
        return result.flow().map(Flow::subject).orElse("");
    }

    public String getErrorCode() {
        return result.errorCode().orElse("");
    }

    public String getErrorDescription() {
        return result.errorDescription().orElse("");
    }
}
