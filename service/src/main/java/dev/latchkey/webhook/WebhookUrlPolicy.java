package dev.latchkey.webhook;

import dev.latchkey.protocol.Failure;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What a webhook URL may be: absolute https (plain http only when {@code egress.allowPrivateNetworks}
 * is on, for development), with a host, no credentials and no fragment. Where it resolves to is
 * checked again on every delivery by the guarded outbound client.
 */
public final class WebhookUrlPolicy {

    static final int MAX_LENGTH = 2000;

    private final boolean allowPlainHttp;

    public WebhookUrlPolicy(boolean allowPlainHttp) {
        this.allowPlainHttp = allowPlainHttp;
    }

    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("url is required.");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("url is longer than " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URI.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw invalid(allowPlainHttp ? "url must be an http or https URL." : "url must be an https URL.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("url must name a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url must not carry credentials.");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url must not have a fragment.");
        }
        return uri;
    }

    private static Failure invalid(String detail) {
        return Failure.request("invalid_webhook_url", detail);
    }
}
