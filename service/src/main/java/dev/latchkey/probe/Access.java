package dev.latchkey.probe;

import java.io.IOException;
import java.net.URI;

/** How the probe gets what its MCP requests carry: a token, and the endpoint to send it to. */
interface Access {

    /** A token (and its endpoint) for the server's challenge. */
    Grant authorize(String wwwAuthenticate) throws IOException, InterruptedException;

    /** Whether another {@link #authorize} may follow a refusal. */
    boolean mayRetry();

    int attempts();

    /**
     * A token and where it is good: the MCP server itself, or Latchkey's MCP gateway (a gateway
     * token) when the server's token is DPoP-bound and never leaves Latchkey.
     */
    record Grant(URI endpoint, String token) {
        @Override
        public String toString() {
            return "Grant[" + endpoint + "]";
        }
    }
}
