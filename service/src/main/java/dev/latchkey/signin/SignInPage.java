package dev.latchkey.signin;

import io.dropwizard.views.common.View;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A sign-in page: a template under {@code /ui/templates/signin/} (or the browser pages' error page)
 * with its title and model. Pages carry no secret: a form's token is derived from its cookie.
 */
public final class SignInPage extends View {

    private final String title;
    private final String detail;
    private final Map<String, Object> model;

    private SignInPage(String template, String title, String detail, Map<String, Object> model) {
        super(template, StandardCharsets.UTF_8);
        this.title = title;
        this.detail = detail;
        this.model = Map.copyOf(model);
    }

    static SignInPage of(String template, String title, Map<String, Object> model) {
        return new SignInPage("/ui/templates/signin/" + template + ".ftlh", title, "", model);
    }

    static SignInPage refused(SignInRefusal refusal) {
        return new SignInPage("/ui/templates/error.ftlh", refusal.title(), refusal.detail(), Map.of());
    }

    public String getTitle() {
        return title;
    }

    public String getDetail() {
        return detail;
    }

    /** The error page shows a request id when there is one; sign-in refusals are told, not logged per request. */
    public String getRequestId() {
        return "";
    }

    public Map<String, Object> getModel() {
        return model;
    }
}
