package dev.latchkey.token;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.security.DPoPKeys;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Reply;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token and refresh requests with DPoP proofs against a token endpoint that demands its nonce. */
class TokenEndpointDPoPTest {

    private static final Keyring KEYRING = Keyring.generate(Clock.systemUTC());
    private static final DPoPKey KEY = DPoPKey.of(KEYRING.active(KeyUse.DPOP));
    private static final String DPOP_TOKENS = "{\"access_token\":\"at-1\",\"token_type\":\"DPoP\","
            + "\"refresh_token\":\"rt-1\",\"expires_in\":60}";
    private static final String USE_NONCE = "{\"error\":\"use_dpop_nonce\","
            + "\"error_description\":\"Authorization server requires nonce in DPoP proof\"}";

    private final LoopbackHttpServer as = new LoopbackHttpServer();
    private final GuardedHttpClient http = startedClient();
    private final TokenEndpointClient client = new TokenEndpointClient(new NimbusHttp(http), Clock.systemUTC(),
            ProviderHooks.none(), new DPoPProofs(new DPoPKeys(KeyringSource.fixed(KEYRING)),
            new DPoPNonces(Clock.systemUTC())));
    private final RegisteredClient registered = new RegisteredClient("cli_1", as.origin(),
            URI.create("https://latchkey.example/oauth/callback"), RegisteredClient.Method.DYNAMIC, "client-1",
            Optional.empty(), "none", Optional.empty(), Instant.EPOCH);

    @AfterEach
    void stop() throws Exception {
        http.stop();
        as.close();
    }

    @Test
    void aUseDPoPNonceRefusalIsRetriedOnceWithTheNonceAndTheTokensComeBackBound() throws Exception {
        as.route("/token", r -> nonceOf(r).equals(Optional.of("n-1")) ? Reply.json(200, DPOP_TOKENS)
                : Reply.json(400, USE_NONCE).withHeader("DPoP-Nonce", "n-1"));

        TokenSet tokens = exchange();

        assertThat(tokens.tokenType()).isEqualTo("DPoP");
        assertThat(as.received("/token")).hasSize(2);
        SignedJWT retried = SignedJWT.parse(as.received("/token").get(1).header("DPoP"));
        assertThat(retried.getJWTClaimsSet().getStringClaim("htm")).isEqualTo("POST");
        assertThat(retried.getJWTClaimsSet().getStringClaim("htu")).isEqualTo(as.uri("/token").toString());
        assertThat(retried.getHeader().getJWK().computeThumbprint().toString()).isEqualTo(KEY.thumbprint());

        // The nonce is remembered: the refresh sends it at once.
        TokenSet refreshed = client.refresh(as.uri("/token"), registered, "rt-1", Optional.of("https://mcp.example/mcp"),
                Optional.empty(), n -> { }, Optional.of(KEY));
        assertThat(refreshed.tokenType()).isEqualTo("DPoP");
        assertThat(as.received("/token")).hasSize(3);
        assertThat(as.received("/token").get(2).body()).contains("grant_type=refresh_token");
    }

    @Test
    void aServerThatAsksForANonceAgainIsNotAskedAThirdTime() {
        AtomicInteger nonce = new AtomicInteger();
        as.route("/token", r -> Reply.json(400, USE_NONCE).withHeader("DPoP-Nonce", "n-" + nonce.incrementAndGet()));

        assertThatThrownBy(this::exchange).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(Failure.Kind.REJECTED);
            assertThat(f.code()).isEqualTo("use_dpop_nonce");
        });
        assertThat(as.received("/token")).hasSize(2);
    }

    @Test
    void withoutAProofADPoPTokenIsRefusedAndABearerAnswerToAProofStaysBearer() {
        as.route("/token", r -> Reply.json(200, DPOP_TOKENS));
        assertThatThrownBy(() -> client.exchangeCode(as.uri("/token"), registered, "code", registered.redirectUri(),
                "v".repeat(43), Optional.empty())).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.code()).isEqualTo("invalid_token_response"));

        as.route("/token", r -> Reply.json(200, DPOP_TOKENS.replace("\"DPoP\"", "\"Bearer\"")));
        assertThat(exchange().tokenType()).isEqualTo("Bearer");
    }

    @Test
    void requestsWithoutAKeyCarryNoProof() {
        as.route("/token", r -> Reply.json(200, DPOP_TOKENS.replace("\"DPoP\"", "\"Bearer\"")));
        client.exchangeCode(as.uri("/token"), registered, "code", registered.redirectUri(), "v".repeat(43),
                Optional.empty());
        assertThat(as.received("/token")).allMatch(r -> r.header("DPoP") == null);
    }

    private TokenSet exchange() {
        return client.exchangeCode(as.uri("/token"), registered, "code", registered.redirectUri(), "v".repeat(43),
                Optional.of("https://mcp.example/mcp"), Optional.empty(), n -> { }, Optional.of(KEY));
    }

    private static Optional<String> nonceOf(LoopbackHttpServer.Received request) {
        try {
            return Optional.ofNullable(SignedJWT.parse(request.header("DPoP")).getJWTClaimsSet().getStringClaim("nonce"));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static GuardedHttpClient startedClient() {
        EgressFactory egress = new EgressFactory();
        egress.setAllowPrivateNetworks(true);
        GuardedHttpClient client = new GuardedHttpClient(egress, (target, purpose, reason) -> { });
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }
}
