package dev.latchkey.flow.store;

/** Where a flow stands. Only {@code PENDING} moves on; the others are final. */
public enum FlowStatus {
    PENDING, AUTHORIZED, FAILED, EXPIRED, CANCELLED;

    public String code() {
        return name().toLowerCase();
    }

    public static FlowStatus fromCode(String code) {
        return valueOf(code.toUpperCase());
    }
}
