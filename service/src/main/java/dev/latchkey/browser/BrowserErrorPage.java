package dev.latchkey.browser;

import dev.latchkey.api.Problem;
import io.dropwizard.views.common.View;

/** A problem on a browser page (unknown path, wrong method, unexpected failure), as a person reads it. */
public final class BrowserErrorPage extends View {

    private final Problem problem;

    public BrowserErrorPage(Problem problem) {
        super("/ui/templates/error.ftlh");
        this.problem = problem;
    }

    public String getTitle() {
        return problem.title() == null ? "Something went wrong" : problem.title();
    }

    public String getDetail() {
        return problem.detail() == null ? "The request could not be completed." : problem.detail();
    }

    public String getRequestId() {
        return problem.requestId() == null ? "" : problem.requestId();
    }
}
