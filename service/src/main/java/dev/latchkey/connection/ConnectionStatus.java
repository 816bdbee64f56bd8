package dev.latchkey.connection;

/** Where a connection stands. */
public enum ConnectionStatus {
    ACTIVE, REAUTHORIZATION_REQUIRED, REVOKED;

    public String code() {
        return name().toLowerCase();
    }

    public static ConnectionStatus fromCode(String code) {
        return valueOf(code.toUpperCase());
    }
}
