package dev.latchkey.console;

import java.util.Objects;

/** The ports through which the console changes state, each wired to the service that owns the data. */
public record ConsoleActions(FlowCanceller flows, ClientDeleter clients, ConnectionRevoker connections,
                             DeliveryRetrier deliveries, WebhookDisabler webhooks,
                             GatewayTokenRevoker gatewayTokens) {

    public ConsoleActions {
        Objects.requireNonNull(flows, "flows");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(gatewayTokens, "gatewayTokens");
    }
}
