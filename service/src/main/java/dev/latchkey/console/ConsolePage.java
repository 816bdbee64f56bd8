package dev.latchkey.console;

import io.dropwizard.views.common.View;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One rendered console page: a template under {@code /ui/templates/console/}, the layout's
 * needs (title, active nav entry, operator and CSRF token) and the page's own model.
 */
public final class ConsolePage extends View {

    private final String title;
    private final String nav;
    private final Optional<Operator> operator;
    private final Map<String, Object> model;
    private final ConsoleFormat fmt;

    public ConsolePage(String template, String title, String nav, Optional<Operator> operator,
                       Map<String, Object> model, ConsoleFormat fmt) {
        super("/ui/templates/console/" + template + ".ftlh", StandardCharsets.UTF_8);
        this.title = title;
        this.nav = nav;
        this.operator = operator;
        this.model = Map.copyOf(model);
        this.fmt = fmt;
    }

    public String getTitle() {
        return title;
    }

    public String getNav() {
        return nav;
    }

    public boolean isSignedIn() {
        return operator.isPresent();
    }

    public String getOperatorName() {
        return operator.map(Operator::name).orElse("");
    }

    /** The synchronizer token every form of this page posts back. */
    public String getCsrf() {
        return operator.map(Operator::csrfToken).orElse("");
    }

    public Map<String, Object> getModel() {
        return model;
    }

    public ConsoleFormat getFmt() {
        return fmt;
    }
}
