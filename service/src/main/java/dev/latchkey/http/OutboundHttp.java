package dev.latchkey.http;

/**
 * The one way out of Latchkey: every discovery, registration, token, revocation, CIMD and webhook
 * request goes through it, with timeouts, a response size cap, no blind redirects and the egress
 * guard applied to every hop after DNS resolution.
 */
public interface OutboundHttp {

    /** Sends the request; throws {@link EgressException} when it is refused or does not complete. */
    OutboundResponse send(OutboundRequest request);
}
