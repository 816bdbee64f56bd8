package dev.latchkey.console;

/** A console action, implemented by the feature that owns the data (see {@link LocalConsoleActions}). */
@FunctionalInterface
public interface DeliveryRetrier {

    /** Makes an undelivered delivery due now; false when unknown or already delivered. */
    boolean retryNow(String deliveryId);
}
