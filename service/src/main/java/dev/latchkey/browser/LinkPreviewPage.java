package dev.latchkey.browser;

import io.dropwizard.views.common.View;

/** What a link preview or prefetch of a landing link gets: nothing about the flow, not even whether it exists. */
public final class LinkPreviewPage extends View {

    public LinkPreviewPage() {
        super("/ui/templates/link-preview.ftlh");
    }
}
