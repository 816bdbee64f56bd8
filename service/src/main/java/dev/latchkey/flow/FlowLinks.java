package dev.latchkey.flow;

import java.net.URI;

/** Latchkey's public URLs that a flow hands out: the landing link and the redirect URI. */
public final class FlowLinks {

    private final String base;

    public FlowLinks(URI publicBaseUrl) {
        String text = publicBaseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public String landing(String linkId) {
        return base + "/connect/" + linkId;
    }

    public URI redirectUri() {
        return URI.create(base + "/oauth/callback");
    }
}
