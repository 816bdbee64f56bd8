package dev.latchkey.issuer;

import io.dropwizard.views.common.View;

/** A refused authorization request, as a person reads it (the browser error page's template). */
public final class IssuerErrorPage extends View {

    private final IssuerRefusal.Page refusal;

    IssuerErrorPage(IssuerRefusal.Page refusal) {
        super("/ui/templates/error.ftlh");
        this.refusal = refusal;
    }

    public String getTitle() {
        return refusal.title();
    }

    public String getDetail() {
        return refusal.detail();
    }

    public String getRequestId() {
        return "";
    }
}
