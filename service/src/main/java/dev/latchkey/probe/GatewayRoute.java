package dev.latchkey.probe;

import java.io.IOException;
import java.net.URI;

/**
 * The way to a server whose token is DPoP-bound (the token endpoints answer 409 {@code dpop_bound}):
 * register it ({@code POST /v1/servers}), mint a gateway token for the subject limited to it
 * ({@code POST /v1/gateway-tokens}) and talk MCP to {@code /mcp/{slug}}, where Latchkey sends the
 * token upstream with a fresh DPoP proof per request. Opened once per probe.
 */
final class GatewayRoute {

    private static final long TOKEN_LIFETIME_SECONDS = 3600;

    private final LatchkeyApi api;
    private final ProbeOptions options;
    private final ProbeReport report;
    private Access.Grant grant;

    GatewayRoute(LatchkeyApi api, ProbeOptions options, ProbeReport report) {
        this.api = api;
        this.options = options;
        this.report = report;
    }

    Access.Grant open() throws IOException, InterruptedException {
        if (grant != null) {
            return grant;
        }
        LatchkeyApi.Answer server = api.registerServer(options.mcpUrl(), "probe target");
        if (!server.ok()) {
            throw new ProbeFailure("POST /v1/servers answered " + server.problem());
        }
        String slug = server.text("slug");
        LatchkeyApi.Answer minted = api.mintGatewayToken(options.subject(), slug, TOKEN_LIFETIME_SECONDS);
        if (!minted.ok()) {
            throw new ProbeFailure("POST /v1/gateway-tokens answered " + minted.problem());
        }
        String token = minted.text("token");
        report.secret(token);
        URI gateway = URI.create(server.text("gatewayUrl"));
        report.ok("POST /v1/servers → " + slug + "; POST /v1/gateway-tokens → a gateway token (" + minted.text("prefix")
                + "…) for '" + options.subject() + "'; the MCP requests go through " + gateway);
        grant = new Access.Grant(gateway, token);
        return grant;
    }
}
