package dev.latchkey.issuer;

import io.dropwizard.views.common.View;
import java.util.List;
import java.util.Map;

/** The consent page: who asks for what on whose behalf, and Allow / Deny. */
public final class ConsentPage extends View {

    private final ConsentPrompt prompt;

    ConsentPage(ConsentPrompt prompt) {
        super("/ui/templates/consent.ftlh");
        this.prompt = prompt;
    }

    public String getClientName() {
        return prompt.clientName();
    }

    public String getClientId() {
        return prompt.clientId();
    }

    public String getRedirectUri() {
        return prompt.redirectUri();
    }

    public String getServerName() {
        return prompt.serverName();
    }

    public String getResource() {
        return prompt.resource();
    }

    public List<String> getScopes() {
        return prompt.scopes();
    }

    public String getUserName() {
        return prompt.userName();
    }

    public Map<String, String> getParameters() {
        return prompt.parameters();
    }

    public String getCsrf() {
        return prompt.csrf();
    }
}
