package dev.latchkey.webhook;

/** Where one event stands for one webhook. */
public enum DeliveryStatus {
    /** Not attempted yet. */
    PENDING,
    /** Attempted and failed; another attempt is scheduled. */
    FAILED,
    DELIVERED,
    /** Every scheduled attempt failed, or the endpoint answered 410. Can still be retried by hand. */
    DEAD;

    public String db() {
        return name().toLowerCase();
    }

    public static DeliveryStatus of(String db) {
        return valueOf(db.toUpperCase());
    }
}
