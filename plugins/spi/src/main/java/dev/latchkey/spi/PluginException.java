package dev.latchkey.spi;

/**
 * Thrown by a hook or factory to fail the current operation with a message that is safe to show
 * to the user and to write to the audit log, e.g.
 * {@code "GitHub has no dynamic registration: set client-id and client-secret for this plugin"}.
 *
 * <p>The message must never contain a secret, a token or a raw response body. The engine shows the
 * message, records the plugin id, and logs only the class name of any cause, because a cause's
 * message may not be safe.
 */
public class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param safeMessage a user-facing explanation without secrets
     */
    public PluginException(String safeMessage) {
        super(Checks.nonBlank(safeMessage, "safeMessage"));
    }

    /**
     * @param safeMessage a user-facing explanation without secrets
     * @param cause       the underlying failure; only its class name is logged
     */
    public PluginException(String safeMessage, Throwable cause) {
        super(Checks.nonBlank(safeMessage, "safeMessage"), cause);
    }
}
