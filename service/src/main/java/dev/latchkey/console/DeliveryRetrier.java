package dev.latchkey.console;

/**
 * A console action, implemented by the service that owns the data (wired in
 * {@code LatchkeyApplication.run()}); the service audits it as done by {@code operator}.
 */
@FunctionalInterface
public interface DeliveryRetrier {

    /** Makes a delivery due now; false when unknown. */
    boolean retryNow(String deliveryId, String operator);
}
