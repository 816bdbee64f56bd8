package dev.latchkey.gateway;

import dev.latchkey.gateway.tokens.GatewayCaller;
import java.util.Optional;

/**
 * Who a bearer credential presented to one of Latchkey's MCP endpoints stands for: a static gateway
 * token, or — when Latchkey is the authorization server of its gateway — an access token it issued for
 * exactly that route. The composition root joins the two; the gateway knows neither's insides.
 */
@FunctionalInterface
public interface GatewayCredentials {

    /**
     * @param route the server slug of the gateway route the request came to ({@code /mcp/{slug}}), or
     *              empty for Latchkey's own MCP server ({@code /mcp})
     */
    Optional<GatewayCaller> authenticate(String bearer, Optional<String> route);
}
