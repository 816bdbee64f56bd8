package dev.latchkey.console;

/**
 * A console action, implemented by the service that owns the data (wired in
 * {@code LatchkeyApplication.run()}); the service audits it as done by {@code operator}.
 */
@FunctionalInterface
public interface GatewayTokenRevoker {

    /** Revokes a gateway token of any tenant; false when unknown or already revoked. */
    boolean revoke(String tokenId, String operator);
}
