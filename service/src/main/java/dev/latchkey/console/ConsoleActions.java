package dev.latchkey.console;

import java.time.Clock;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** The ports through which the console changes state; each can be wired to its feature's service. */
public record ConsoleActions(FlowCanceller flows, ClientDeleter clients, ConnectionRevoker connections,
                             DeliveryRetrier deliveries, WebhookDisabler webhooks) {

    public ConsoleActions {
        Objects.requireNonNull(flows, "flows");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(webhooks, "webhooks");
    }

    /** Every action as a local SQL update. */
    public static ConsoleActions local(Jdbi jdbi, Clock clock) {
        LocalConsoleActions local = new LocalConsoleActions(jdbi, clock);
        return new ConsoleActions(local, local, local, local, local);
    }
}
