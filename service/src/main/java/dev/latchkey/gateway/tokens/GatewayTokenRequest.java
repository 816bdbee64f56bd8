package dev.latchkey.gateway.tokens;

import java.util.List;

/**
 * The body of {@code POST /v1/gateway-tokens}. {@code expiresAt} (RFC 3339) or
 * {@code expiresInSeconds}, not both; neither: the token does not expire. {@code servers}: the
 * upstream servers the token may reach (their slugs, or ids); absent: every server of the tenant.
 */
public record GatewayTokenRequest(String subject, String name, String expiresAt, Long expiresInSeconds,
                                  List<String> servers) {
}
