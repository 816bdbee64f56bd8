package dev.latchkey.webhook;

import dev.latchkey.http.OutboundUrlRules;
import java.net.URI;

/** What a webhook URL may be: the {@link OutboundUrlRules}, a query allowed. */
public final class WebhookUrlPolicy {

    private final OutboundUrlRules rules;

    public WebhookUrlPolicy(boolean allowPlainHttp) {
        this.rules = new OutboundUrlRules(allowPlainHttp);
    }

    public URI check(String url) {
        return rules.check(url, "invalid_webhook_url", OutboundUrlRules.Query.ALLOWED);
    }
}
