package dev.latchkey.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One authorization through Latchkey's REST API: {@code POST /v1/flows} with the server's
 * challenge, the browser part (followed headlessly, or by a person given the link), then
 * {@code POST /v1/connections/{id}/token} — or, for a DPoP-bound connection, whose token never
 * leaves Latchkey, a gateway token for Latchkey's MCP gateway ({@link GatewayRoute}). Counts its
 * attempts, so step-ups stay bounded.
 */
final class Authorizer implements Access {

    static final int MAX_ATTEMPTS = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration HEADLESS_SETTLE = Duration.ofSeconds(10);

    private final LatchkeyApi api;
    private final ProbeOptions options;
    private final ProbeReport report;
    private final URI instance;
    private final HeadlessBrowser browser = new HeadlessBrowser();
    private final GatewayRoute gateway;
    private int attempts;

    Authorizer(LatchkeyApi api, URI instance, ProbeOptions options, ProbeReport report) {
        this.api = api;
        this.gateway = new GatewayRoute(api, options, report);
        this.instance = instance;
        this.options = options;
        this.report = report;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public boolean mayRetry() {
        return attempts < MAX_ATTEMPTS;
    }

    /** Runs one whole authorization for the challenge and returns the access token, or the gateway's. */
    @Override
    public Grant authorize(String wwwAuthenticate) throws IOException, InterruptedException {
        attempts++;
        report.info("authorization attempt " + attempts + " of at most " + MAX_ATTEMPTS);
        JsonNode flow = start(wwwAuthenticate);
        JsonNode done = options.interactive() ? waitForPerson(flow) : followHeadlessly(flow, wwwAuthenticate);
        String id = done.path("id").asText();
        timeline(done);
        if (!"authorized".equals(done.path("status").asText())) {
            throw new ProbeFailure("flow " + id + " ended " + done.path("status").asText() + ": "
                    + done.path("error").path("code").asText("") + " " + done.path("error").path("description").asText(""));
        }
        report.ok("flow " + id + " authorized; connection " + done.path("connectionId").asText());
        return token(done.path("connectionId").asText());
    }

    private JsonNode start(String wwwAuthenticate) throws IOException, InterruptedException {
        LatchkeyApi.Answer started = api.startFlow(options.mcpUrl(), options.subject(), wwwAuthenticate);
        if (!started.ok()) {
            String flowId = started.text("flowId");
            if (!flowId.isEmpty()) {
                timeline(api.flow(flowId).body());
            }
            throw new ProbeFailure("POST /v1/flows answered " + started.problem());
        }
        JsonNode flow = started.body();
        report.ok("POST /v1/flows → flow " + flow.path("id").asText() + " " + flow.path("status").asText()
                + "; issuer " + flow.path("server").path("issuer").asText("?") + "; scopes " + scopes(flow));
        return flow;
    }

    private JsonNode followHeadlessly(JsonNode flow, String wwwAuthenticate) throws IOException, InterruptedException {
        HeadlessBrowser.Journey journey = browser.follow(flow.path("authorizationUrl").asText());
        URI last = journey.lastUrl();
        // The shared redirect URI, or a registered client's own below it.
        boolean atCallback = last.getPath() != null && (last.getPath().equals("/oauth/callback")
                || last.getPath().startsWith("/oauth/callback/")) && instance.getAuthority().equals(last.getAuthority());
        if (atCallback) {
            report.ok("browser part followed headlessly: landing page → authorization server → callback ("
                    + journey.status() + ")");
            return settled(flow.path("id").asText(), Instant.now().plus(HEADLESS_SETTLE));
        }
        JsonNode now = api.flow(flow.path("id").asText()).body();
        if (!"pending".equals(now.path("status").asText())) {
            report.fail("the browser part stopped at " + withoutQuery(last) + " (" + journey.status() + ")");
            return now;
        }
        report.info("the authorization server answered " + journey.status() + " at " + withoutQuery(last)
                + " instead of redirecting back: a person has to approve");
        api.cancel(flow.path("id").asText());
        return waitForPerson(start(wwwAuthenticate));
    }

    private JsonNode waitForPerson(JsonNode flow) throws IOException, InterruptedException {
        report.info("open this link in a browser to authorize (waiting up to " + options.timeout().toSeconds()
                + " s): " + flow.path("authorizationUrl").asText());
        JsonNode done = settled(flow.path("id").asText(), Instant.now().plus(options.timeout()));
        if ("pending".equals(done.path("status").asText())) {
            api.cancel(flow.path("id").asText());
            throw new ProbeFailure("no callback within " + options.timeout().toSeconds() + " s; flow cancelled");
        }
        return done;
    }

    /** Polls the flow until it leaves pending or the deadline passes. */
    private JsonNode settled(String id, Instant deadline) throws IOException, InterruptedException {
        while (true) {
            LatchkeyApi.Answer answer = api.flow(id);
            if (!answer.ok()) {
                throw new ProbeFailure("GET /v1/flows/" + id + " answered " + answer.problem());
            }
            if (!"pending".equals(answer.text("status")) || Instant.now().isAfter(deadline)) {
                return answer.body();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Grant token(String connectionId) throws IOException, InterruptedException {
        LatchkeyApi.Answer answer = api.token(connectionId);
        if (answer.status() == 409 && "dpop_bound".equals(answer.text("code"))) {
            report.ok("POST /v1/connections/" + connectionId + "/token → 409 dpop_bound: the token is bound to "
                    + "Latchkey's DPoP key and stays inside; the MCP requests go through the gateway");
            return gateway.open();
        }
        if (!answer.ok()) {
            throw new ProbeFailure("POST /v1/connections/" + connectionId + "/token answered " + answer.problem());
        }
        String token = answer.text("accessToken");
        report.secret(token);
        if (token.isEmpty()) {
            throw new ProbeFailure("POST /v1/connections/" + connectionId + "/token gave no access token");
        }
        report.ok("POST /v1/connections/" + connectionId + "/token → a " + answer.text("tokenType") + " token"
                + "; scopes " + scopes(answer.body()) + expiry(answer.body().path("expiresAt")));
        return new Grant(options.mcpUrl(), token);
    }

    /** The API writes every time as RFC 3339 text. */
    private static String expiry(JsonNode expiresAt) {
        return expiresAt.isMissingNode() || expiresAt.isNull() ? "" : "; expires " + expiresAt.asText();
    }

    private void timeline(JsonNode flow) {
        for (JsonNode step : flow.path("timeline")) {
            List<String> urls = new ArrayList<>();
            step.path("urls").forEach(url -> urls.add(url.asText()));
            report.detail(step.path("step").asText() + " " + step.path("outcome").asText()
                    + (step.has("detail") ? ": " + step.path("detail").asText() : "")
                    + (urls.isEmpty() ? "" : " [" + String.join(", ", urls) + "]"));
        }
    }

    private static String scopes(JsonNode node) {
        List<String> scopes = new ArrayList<>();
        node.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return scopes.isEmpty() ? "(none)" : String.join(" ", scopes);
    }

    static String withoutQuery(URI url) {
        String text = url.toString();
        int cut = text.indexOf('?');
        return cut < 0 ? text : text.substring(0, cut);
    }
}
