package dev.latchkey.probe;

import java.io.IOException;
import java.net.URI;

/**
 * A machine client's token: {@code POST /v1/token} for the subject {@code client:<id>}, which
 * Latchkey serves with the {@code client_credentials} grant of the configured client. There is no
 * user and nothing to step up to: one request, no retry.
 */
final class ClientCredentialsAccess implements Access {

    private final LatchkeyApi api;
    private final MachineClient client;
    private final URI serverUrl;
    private final ProbeReport report;
    private int attempts;

    ClientCredentialsAccess(LatchkeyApi api, MachineClient client, URI serverUrl, ProbeReport report) {
        this.api = api;
        this.client = client;
        this.serverUrl = serverUrl;
        this.report = report;
    }

    @Override
    public Grant authorize(String wwwAuthenticate) throws IOException, InterruptedException {
        attempts++;
        LatchkeyApi.Answer answer = api.tokenFor(client.subject(), serverUrl);
        if (!answer.ok()) {
            throw new ProbeFailure("POST /v1/token for " + client.subject() + " answered " + answer.problem());
        }
        String token = answer.text("accessToken");
        report.secret(token);
        if (token.isEmpty()) {
            throw new ProbeFailure("POST /v1/token for " + client.subject() + " gave no access token");
        }
        report.ok("POST /v1/token for " + client.subject() + " → a " + answer.text("tokenType")
                + " token (client_credentials grant, " + client.authMethod() + ")");
        return new Grant(serverUrl, token);
    }

    @Override
    public boolean mayRetry() {
        return attempts == 0;
    }

    @Override
    public int attempts() {
        return attempts;
    }
}
