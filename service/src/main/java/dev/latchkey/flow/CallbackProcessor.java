package dev.latchkey.flow;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.registration.RedirectUris;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.token.DPoPProofs;
import dev.latchkey.token.TokenEndpointClient;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Verifies an authorization response and acts on it exactly once: state (integrity, expiry, flow),
 * browser binding, RFC 9207 {@code iss}, single use; then the error, or the one code exchange.
 */
public final class CallbackProcessor {

    private final StateCodec states;
    private final ServerDiscovery discovery;
    private final ClientRegistry clients;
    private final TokenEndpointClient tokens;
    private final FlowStore store;
    private final FlowLinks links;
    private final AuditLog audit;
    private final Clock clock;
    private final CallbackNoise noise = new CallbackNoise();

    public CallbackProcessor(StateCodec states, ServerDiscovery discovery, ClientRegistry clients,
                             TokenEndpointClient tokens, FlowStore store, FlowLinks links, AuditLog audit,
                             Clock clock) {
        this.states = states;
        this.discovery = discovery;
        this.clients = clients;
        this.tokens = tokens;
        this.store = store;
        this.links = links;
        this.audit = audit;
        this.clock = clock;
    }

    public CallbackResult handle(CallbackParameters params, String bindingCookie) {
        Optional<StateClaims> claims = params.state().flatMap(states::open);
        if (claims.isEmpty()) {
            Optional<Flow> claimed = params.state().flatMap(states::claimedFlowId)
                    .flatMap(store::find);
            if (!noise.record("state_invalid", claimed.map(Flow::id).orElse(null))) {
                return CallbackResult.of(CallbackResult.Kind.INVALID, null);
            }
            audit.security(params.state().isEmpty() ? "callback.state_missing" : "callback.state_invalid",
                    claimed.map(Flow::tenant).orElse(null), "flow", claimed.map(Flow::id).orElse(null),
                    "An authorization response arrived with a missing or unreadable state.");
            claimed.ifPresent(flow -> {
                // Recorded, not acted on: a forged state must not decide the flow's outcome.
                Timeline timeline = new Timeline(clock);
                timeline.start(Timeline.CALLBACK).tried(links.redirectUri())
                        .failed("state failed verification; response ignored");
                store.appendSteps(flow.id(), timeline.steps());
            });
            return CallbackResult.of(CallbackResult.Kind.INVALID, null);
        }
        Optional<Flow> found = store.find(claims.get().flowId());
        if (found.isEmpty()) {
            if (noise.record("no_flow", null)) {
                audit.security("callback.state_invalid", null, "flow", claims.get().flowId(), "No such flow.");
            }
            return CallbackResult.of(CallbackResult.Kind.INVALID, null);
        }
        return verifyAndAct(found.get(), claims.get(), params, bindingCookie);
    }

    private CallbackResult verifyAndAct(Flow flow, StateClaims claims, CallbackParameters params, String cookie) {
        // The scope lets provider plugins act on the exchange (and names them on its step).
        Timeline timeline = new Timeline(clock, ProviderScope.of(java.net.URI.create(flow.serverUrl()), flow.resource(),
                flow.id(), flow.tenant()).withIssuer(claims.issuer()));
        URI arrivedAt = params.issuerKey().map(key -> RedirectUris.under(links.redirectUri(), key))
                .orElse(links.redirectUri());
        Timeline.Recorder callback = timeline.start(Timeline.CALLBACK).tried(arrivedAt);
        if (!flow.isPending()) {
            return replayed(flow, callback, timeline);
        }
        if (!claims.expiresAt().isAfter(clock.instant()) || flow.expiredAt(clock.instant())) {
            callback.failed("state expired");
            store.finish(flow, FlowStatus.EXPIRED, "state_expired",
                    "The sign-in took longer than the link allows; start again.", timeline.steps());
            return CallbackResult.of(CallbackResult.Kind.EXPIRED, flow);
        }
        if (!BrowserBinding.matches(BrowserBinding.valid(cookie), flow.browserBinding())) {
            // Not acted on: whoever holds a leaked state cannot decide this flow's outcome.
            if (!noise.record("browser_mismatch", flow.id())) {
                return CallbackResult.of(CallbackResult.Kind.WRONG_BROWSER, flow);
            }
            callback.failed("response arrived in a browser that did not open the link; ignored");
            store.appendSteps(flow.id(), timeline.steps());
            audit.security("callback.browser_mismatch", flow.tenant(), "flow", flow.id(),
                    "An authorization response arrived in another browser; ignored.");
            return CallbackResult.of(CallbackResult.Kind.WRONG_BROWSER, flow);
        }
        if (!store.consumeState(flow.id(), clock.millis())) {
            return replayed(flow, callback, timeline);
        }
        Optional<RegisteredClient> client = clients.find(claims.clientRef());
        Optional<Failure> issProblem = checkIss(claims, params)
                .or(() -> checkRedirect(client, arrivedAt));
        if (issProblem.isPresent()) {
            audit.security("callback." + issProblem.get().code(), flow.tenant(), "flow", flow.id(),
                    issProblem.get().description());
            return fail(flow, callback, timeline, issProblem.get());
        }
        if (params.error().isPresent()) {
            String code = ProviderText.code(params.error().get());
            String description = ProviderText.description(params.errorDescription().orElse(null))
                    .orElse("The authorization server reported " + code + ".");
            return fail(flow, callback, timeline, Failure.rejected(code, description));
        }
        if (params.code().isEmpty()) {
            return fail(flow, callback, timeline, Failure.invalidResponse("invalid_request",
                    "The authorization server sent no code."));
        }
        callback.ok("state, browser and issuer verified");
        return exchange(flow, claims, client, params.code().get(), timeline);
    }

    /**
     * Mix-up defence without {@code iss}: each server's registered client has its own redirect URI, so a
     * response for another server's client comes back through another URI than this flow's.
     */
    private static Optional<Failure> checkRedirect(Optional<RegisteredClient> client, URI arrivedAt) {
        if (client.isPresent() && !client.get().redirectUri().equals(arrivedAt)) {
            return Optional.of(Failure.upstream("redirect_mismatch",
                    "The response came back through the redirect URI of another authorization server than the one"
                            + " this flow used; it was not acted on."));
        }
        return Optional.empty();
    }

    private static Optional<Failure> checkIss(StateClaims claims, CallbackParameters params) {
        if (params.iss().isPresent() && !params.iss().get().equals(claims.issuer())) {
            return Optional.of(Failure.upstream("iss_mismatch",
                    "The response names a different authorization server than the one this flow used; it was "
                            + "not acted on."));
        }
        if (params.iss().isEmpty() && claims.issRequired()) {
            return Optional.of(Failure.upstream("iss_missing",
                    "The authorization server promised an iss parameter but the response had none; it was not "
                            + "acted on."));
        }
        return Optional.empty();
    }

    private CallbackResult exchange(Flow flow, StateClaims claims, Optional<RegisteredClient> client, String code,
                                    Timeline timeline) {
        Timeline.Recorder step = timeline.start(Timeline.TOKEN_EXCHANGE);
        if (client.isEmpty()) {
            return fail(flow, step, timeline, Failure.conflict("client_unavailable",
                    "Latchkey's registration at the authorization server was removed during the sign-in; start again."));
        }
        TokenSet tokenSet;
        Optional<DPoPKey> dpop;
        try {
            AuthorizationServerMetadata server = discovery.authorizationServer(claims.issuer(), timeline);
            step.tried(server.tokenEndpoint());
            dpop = tokens.dpopKeyFor(server);
            tokenSet = tokens.exchangeCode(server.tokenEndpoint(), client.get(), code, client.get().redirectUri(),
                    claims.codeVerifier(), Optional.of(flow.publishedResource()), timeline.scope(), step::plugin,
                    dpop);
        } catch (Failure failure) {
            if (failure.kind() == Failure.Kind.REJECTED && "invalid_client".equals(failure.code())) {
                // The authorization server forgot the client: the next flow obtains a new one.
                clients.invalidate(client.get().ref());
            }
            return fail(flow, step, timeline, failure);
        }
        if (tokenSet.scopes().isEmpty() && !flow.scopes().isEmpty()) {
            // RFC 6749 §5.1: a response without scope granted what was requested.
            tokenSet = new TokenSet(tokenSet.accessToken(), tokenSet.tokenType(), tokenSet.refreshToken(),
                    tokenSet.expiresAt(), flow.scopes());
        }
        // Bound only when the server answered with a DPoP token: a Bearer answer to a proof is a Bearer token.
        boolean bound = tokenSet.tokenType().equals(DPoPProofs.TOKEN_TYPE);
        Optional<String> boundTo = dpop.filter(key -> bound).map(DPoPKey::thumbprint);
        step.ok("tokens received" + (boundTo.isPresent() ? " (DPoP-bound)" : "")
                + tokenSet.expiresAt().map(at -> ", access token expires " + at).orElse(""));
        Optional<String> connectionId = store.authorize(flow, flow.connectionIdentity(claims.issuer(),
                client.get().ref()), tokenSet, boundTo, timeline.steps());
        Flow latest = store.find(flow.id()).orElse(flow);
        return connectionId.isPresent() ? CallbackResult.of(CallbackResult.Kind.SUCCESS, latest)
                : CallbackResult.of(CallbackResult.Kind.EXPIRED, latest);
    }

    private CallbackResult replayed(Flow flow, Timeline.Recorder callback, Timeline timeline) {
        if (!noise.record("replayed", flow.id())) {
            return CallbackResult.of(CallbackResult.Kind.REPLAYED, flow);
        }
        callback.failed("state already used; response ignored");
        store.appendSteps(flow.id(), timeline.steps());
        audit.security("callback.state_replayed", flow.tenant(), "flow", flow.id(),
                "A used state was presented again; nothing changed.");
        return CallbackResult.of(CallbackResult.Kind.REPLAYED, flow);
    }

    private CallbackResult fail(Flow flow, Timeline.Recorder step, Timeline timeline, Failure failure) {
        step.failed(failure);
        store.finish(flow, FlowStatus.FAILED, failure.code(), failure.description(), timeline.steps());
        Flow latest = store.find(flow.id()).orElse(flow);
        return CallbackResult.failed(latest, failure.code(), failure.description());
    }
}
