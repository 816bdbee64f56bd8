package dev.latchkey.console;

/**
 * A console action, implemented by the service that owns the data (wired in
 * {@code LatchkeyApplication.run()}); the service audits it as done by {@code operator}.
 */
@FunctionalInterface
public interface WebhookDisabler {

    /** Stops deliveries to a webhook endpoint; false when unknown or already disabled. */
    boolean disable(String webhookId, String operator);
}
