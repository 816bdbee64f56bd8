package dev.latchkey.console;

import java.util.Map;
import java.util.Optional;

/** Builds console pages, so resources and filters share one layout and one formatter. */
public final class ConsolePages {

    private final ConsoleFormat fmt;

    public ConsolePages(ConsoleFormat fmt) {
        this.fmt = fmt;
    }

    public ConsolePage page(String template, String title, String nav, Operator operator, Map<String, Object> model) {
        return new ConsolePage(template, title, nav, Optional.of(operator), model, fmt);
    }

    public ConsolePage error(int status, String title, String message) {
        return error(status, title, message, Optional.empty());
    }

    public ConsolePage error(int status, String title, String message, Optional<Operator> operator) {
        return new ConsolePage("error", title, "", operator,
                Map.of("status", status, "heading", title, "message", message), fmt);
    }

    public ConsolePage login(String next, String loginCsrf, String name, Optional<String> message, String info) {
        return new ConsolePage("login", "Sign in", "", Optional.empty(), Map.of("next", next, "loginCsrf", loginCsrf,
                "name", name, "message", message.orElse(""), "info", info), fmt);
    }

    public ConsoleFormat fmt() {
        return fmt;
    }
}
