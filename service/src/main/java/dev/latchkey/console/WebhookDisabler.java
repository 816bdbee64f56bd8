package dev.latchkey.console;

/** A console action, implemented by the feature that owns the data (see {@link LocalConsoleActions}). */
@FunctionalInterface
public interface WebhookDisabler {

    /** Stops deliveries to a webhook endpoint; false when unknown or already disabled. */
    boolean disable(String webhookId);
}
