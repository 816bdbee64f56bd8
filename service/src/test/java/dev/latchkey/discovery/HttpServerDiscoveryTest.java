package dev.latchkey.discovery;

import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.Step;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Reply;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpServerDiscoveryTest {

    private final LoopbackHttpServer mcp = new LoopbackHttpServer();
    private final LoopbackHttpServer as = new LoopbackHttpServer();
    private final AtomicLong nanos = new AtomicLong();
    private final GuardedHttpClient http = client(true);
    private final Timeline timeline = new Timeline(Clock.systemUTC());

    @AfterEach
    void close() throws Exception {
        http.stop();
        mcp.close();
        as.close();
    }

    private HttpServerDiscovery discovery(boolean developmentMode, boolean legacy) {
        DiscoveryFactory config = new DiscoveryFactory();
        config.setLegacy2025(legacy);
        return new HttpServerDiscovery(http, config, developmentMode, nanos::get);
    }

    private String prm(String resource, String issuer) {
        return "{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + issuer + "\"],"
                + "\"scopes_supported\":[\"mcp:basic\"]}";
    }

    private String asMetadata(String issuer, String base) {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + base + "/authorize\","
                + "\"token_endpoint\":\"" + base + "/token\",\"registration_endpoint\":\"" + base + "/register\","
                + "\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\",\"none\"],"
                + "\"client_id_metadata_document_supported\":true,"
                + "\"authorization_response_iss_parameter_supported\":true}";
    }

    @Test
    void followsTheChallengeThenTheRootMetadataAndCachesBoth() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        Challenge challenge = Challenge.parse("Bearer resource_metadata=\"" + mcp.origin()
                + "/.well-known/oauth-protected-resource/mcp?x=secret\"");

        DiscoveredServer found = discovery(true, false).discover(mcp.uri("/mcp/"), challenge, timeline);

        assertThat(found.resource()).isEqualTo(mcp.origin() + "/mcp");
        assertThat(found.resourceMetadata().scopesSupported()).containsExactly("mcp:basic");
        AuthorizationServerMetadata metadata = found.authorizationServer();
        assertThat(metadata.issuer()).isEqualTo(as.origin());
        assertThat(metadata.tokenEndpoint()).isEqualTo(as.uri("/token"));
        assertThat(metadata.registrationEndpoint()).contains(as.uri("/register"));
        assertThat(metadata.tokenEndpointAuthMethodsSupported()).containsExactly("client_secret_post", "none");
        assertThat(metadata.clientIdMetadataDocumentSupported()).isTrue();
        assertThat(metadata.authorizationResponseIssParameterSupported()).isTrue();
        assertThat(metadata.relaxations()).isEmpty();
        Step step = timeline.steps().get(0);
        assertThat(step.step()).isEqualTo("discovery");
        assertThat(step.outcome()).isEqualTo(Step.Outcome.OK);
        assertThat(step.urls()).containsExactly(mcp.origin() + "/.well-known/oauth-protected-resource/mcp",
                as.origin() + "/.well-known/oauth-authorization-server");
        assertThat(mcp.paths()).doesNotContain("/.well-known/oauth-protected-resource");
    }

    @Test
    void rediscoveryReadsTheMetadataAgainAndFindsTheNewAuthorizationServer() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        as.json("/.well-known/oauth-authorization-server/two", asMetadata(as.origin() + "/two", as.origin() + "/two"));
        HttpServerDiscovery discovery = discovery(true, false);
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin() + "/two"));

        assertThat(discovery.discover(mcp.uri("/mcp"), Challenge.NONE, new Timeline(Clock.systemUTC()))
                .authorizationServer().issuer()).as("cached until told otherwise").isEqualTo(as.origin());
        Challenge refused = Challenge.parse("Bearer resource_metadata=\""
                + mcp.origin() + "/.well-known/oauth-protected-resource/mcp\"");
        assertThat(discovery.rediscover(mcp.uri("/mcp"), refused, new Timeline(Clock.systemUTC()))
                .authorizationServer().issuer()).isEqualTo(as.origin() + "/two");
        assertThat(discovery.discover(mcp.uri("/mcp"), Challenge.NONE, new Timeline(Clock.systemUTC()))
                .authorizationServer().issuer()).as("the new document replaced the old").isEqualTo(as.origin() + "/two");
    }

    @Test
    void aSecondDiscoveryMakesNoRequest() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        HttpServerDiscovery discovery = discovery(true, false);
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        int before = mcp.received().size() + as.received().size();

        DiscoveredServer again = discovery.discover(mcp.uri("/mcp"), Challenge.NONE, new Timeline(Clock.systemUTC()));

        assertThat(mcp.received().size() + as.received().size()).isEqualTo(before);
        assertThat(again.authorizationServer().issuer()).isEqualTo(as.origin());
    }

    @Test
    void derivesThePathBasedLocationAndFallsBackToOpenIdConfiguration() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/openid-configuration", asMetadata(as.origin(), as.origin()));

        DiscoveredServer found = discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline);

        assertThat(found.authorizationServer().fetchedFrom()).isEqualTo(as.uri("/.well-known/openid-configuration"));
        assertThat(mcp.paths()).containsExactly("/.well-known/oauth-protected-resource/mcp");
        assertThat(as.paths()).containsExactly("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration");
    }

    @Test
    void acceptsTheOriginFromTheRootDocumentAndInsertsTheIssuerPath() {
        mcp.json("/.well-known/oauth-protected-resource", prm(mcp.origin(), as.origin() + "/tenant1"));
        as.json("/.well-known/oauth-authorization-server/tenant1", asMetadata(as.origin() + "/tenant1",
                as.origin() + "/tenant1"));

        DiscoveredServer found = discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline);

        assertThat(found.resource()).as("the key connections are found by").isEqualTo(mcp.origin() + "/mcp");
        assertThat(found.publishedResource()).as("sent exactly as published: no \"/\" appended to the origin")
                .isEqualTo(mcp.origin());
        assertThat(found.authorizationServer().authorizationEndpoint()).isEqualTo(as.uri("/tenant1/authorize"));
        assertThat(mcp.paths()).containsExactly("/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-protected-resource");
        assertThat(as.paths()).containsExactly("/.well-known/oauth-authorization-server/tenant1");
    }

    @Test
    void triesThePathIssuerLocationsInOrder() {
        mcp.json("/custom/metadata/location.json", prm(mcp.origin() + "/mcp", as.origin() + "/tenant1"));
        as.json("/tenant1/.well-known/openid-configuration", asMetadata(as.origin() + "/tenant1", as.origin() + "/tenant1"));
        Challenge challenge = Challenge.parse("Bearer resource_metadata=\"" + mcp.origin() + "/custom/metadata/location.json\"");

        discovery(true, false).discover(mcp.uri("/mcp"), challenge, timeline);

        assertThat(as.paths()).containsExactly("/.well-known/oauth-authorization-server/tenant1",
                "/.well-known/openid-configuration/tenant1", "/tenant1/.well-known/openid-configuration");
    }

    @Test
    void keepsTheResourceAsPublishedWhenItDiffersFromTheServerUrlOnlyInSpelling() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp/", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));

        DiscoveredServer found = discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline);

        assertThat(found.resource()).isEqualTo(mcp.origin() + "/mcp");
        assertThat(found.publishedResource()).isEqualTo(mcp.origin() + "/mcp/");
    }

    @Test
    void keepsAnIssuerWithATrailingSlashExactly() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin() + "/"));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin() + "/", as.origin()));

        DiscoveredServer found = discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline);

        assertThat(found.authorizationServer().issuer()).isEqualTo(as.origin() + "/");
    }

    @Test
    void abortsWhenTheMetadataDescribesAnotherResource() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm("https://evil.example.com/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));

        assertFailure(() -> discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "resource_mismatch");
        assertThat(as.received()).isEmpty();
        assertThat(timeline.steps().get(0).outcome()).isEqualTo(Step.Outcome.FAILED);
        assertThat(timeline.steps().get(0).detail().orElseThrow()).startsWith("resource_mismatch");
    }

    @Test
    void refusesTheOriginFromAPathDocument() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin(), as.origin()));
        assertFailure(() -> discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "resource_mismatch");
    }

    @Test
    void refusesAnotherIssuer() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin() + "/", as.origin()));
        assertFailure(() -> discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "issuer_mismatch");
    }

    @Test
    void refusesAServerWithoutS256() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin())
                .replace("[\"S256\"]", "[\"plain\"]"));
        assertFailure(() -> discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "pkce_unsupported");
    }

    @Test
    void refusesPlainHttpEndpointsOutsideDevelopment() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        assertFailure(() -> discovery(false, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "insecure_endpoint");
    }

    @Test
    void mapsEgressRefusals() throws Exception {
        GuardedHttpClient strict = client(false);
        try {
            HttpServerDiscovery production = new HttpServerDiscovery(strict, new DiscoveryFactory(), false);
            assertFailure(() -> production.discover(URI.create("https://127.0.0.1:" + mcp.port() + "/mcp"),
                    Challenge.NONE, timeline), "egress_blocked");
            assertFailure(() -> production.discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "insecure_endpoint");
            assertThat(mcp.received()).isEmpty();
        } finally {
            strict.stop();
        }
    }

    @Test
    void honoursCacheControl() {
        mcp.route("/.well-known/oauth-protected-resource/mcp", r -> Reply.json(200, prm(mcp.origin() + "/mcp",
                as.origin())).withHeader("Cache-Control", "no-store"));
        as.route("/.well-known/oauth-authorization-server", r -> Reply.json(200, asMetadata(as.origin(), as.origin()))
                .withHeader("Cache-Control", "public, max-age=60"));
        HttpServerDiscovery discovery = discovery(true, false);
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        assertThat(mcp.received()).hasSize(2);
        assertThat(as.received()).hasSize(1);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        assertThat(as.received()).hasSize(2);
    }

    @Test
    void boundsALongMaxAgeByTheConfiguredTtl() {
        mcp.route("/.well-known/oauth-protected-resource/mcp", r -> Reply.json(200, prm(mcp.origin() + "/mcp",
                as.origin())).withHeader("Cache-Control", "max-age=31536000"));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        HttpServerDiscovery discovery = discovery(true, false);
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(14));
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        assertThat(mcp.received()).hasSize(1);
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(2));
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        assertThat(mcp.received()).hasSize(2);
    }

    @Test
    void withoutProtectedResourceMetadataFailsUnlessLegacyModeIsOn() {
        assertFailure(() -> discovery(true, false).discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "discovery_failed");
        assertThat(mcp.paths()).doesNotContain("/.well-known/oauth-authorization-server");
    }

    @Test
    void legacyModeTakesTheOriginMetadataDespiteItsIssuer() {
        mcp.json("/.well-known/oauth-authorization-server", asMetadata(mcp.origin() + "/oauth", mcp.origin() + "/oauth"));

        DiscoveredServer found = discovery(true, true).discover(mcp.uri("/mcp"), Challenge.NONE, timeline);

        // Known by the origin it was fetched from, never by the issuer it claims.
        assertThat(found.authorizationServer().issuer()).isEqualTo(mcp.origin());
        assertThat(found.authorizationServer().registrationEndpoint()).contains(mcp.uri("/oauth/register"));
        assertThat(found.authorizationServer().relaxations()).hasSize(2)
                .anySatisfy(r -> assertThat(r.text()).contains("no protected-resource metadata"))
                .anySatisfy(r -> assertThat(r.text()).contains("claims the issuer " + mcp.origin() + "/oauth"));
        assertThat(timeline.steps().get(0).detail().orElseThrow()).contains("legacy 2025-03-26");
    }

    @Test
    void legacyMetadataNeverStandsInForTheIssuerItClaims() {
        // A legacy server claiming to be another issuer: that issuer's refreshes must not reach its endpoints.
        String victim = as.origin();
        mcp.json("/.well-known/oauth-authorization-server", asMetadata(victim, mcp.origin() + "/evil"));
        as.json("/.well-known/oauth-authorization-server", asMetadata(victim, victim));
        HttpServerDiscovery discovery = discovery(true, true);

        DiscoveredServer legacyServer = discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline);
        AuthorizationServerMetadata real = discovery.authorizationServer(victim, new Timeline(Clock.systemUTC()));

        assertThat(legacyServer.authorizationServer().issuer()).isEqualTo(mcp.origin());
        assertThat(real.tokenEndpoint()).isEqualTo(URI.create(victim + "/token"));
        assertThat(discovery.authorizationServer(mcp.origin(), new Timeline(Clock.systemUTC())).tokenEndpoint())
                .isEqualTo(URI.create(mcp.origin() + "/evil/token"));
    }

    @Test
    void legacyModeFallsBackToDefaultEndpoints() {
        DiscoveredServer found = discovery(true, true).discover(mcp.uri("/mcp"), Challenge.NONE, timeline);

        AuthorizationServerMetadata metadata = found.authorizationServer();
        assertThat(metadata.issuer()).isEqualTo(mcp.origin());
        assertThat(List.of(metadata.authorizationEndpoint(), metadata.tokenEndpoint(),
                metadata.registrationEndpoint().orElseThrow()))
                .containsExactly(mcp.uri("/authorize"), mcp.uri("/token"), mcp.uri("/register"));
        assertThat(metadata.supportsS256()).isTrue();
        assertThat(metadata.relaxations()).anySatisfy(r -> assertThat(r.text()).contains("default endpoints"));
    }

    private static void assertFailure(Runnable action, String code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.code()).as(f.description()).isEqualTo(code));
    }

    private static GuardedHttpClient client(boolean allowPrivate) {
        EgressFactory config = new EgressFactory();
        config.setAllowPrivateNetworks(allowPrivate);
        GuardedHttpClient client = new GuardedHttpClient(config, (target, purpose, reason) -> { });
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    private Timeline tenantTimeline(String tenant) {
        return new Timeline(Clock.systemUTC(), ProviderScope.of(mcp.uri("/mcp"), mcp.origin() + "/mcp", "flw_" + tenant,
                tenant));
    }

    @Test
    void aCallersCrossOriginResourceMetadataNeverDecidesAnotherTenantsServer() {
        try (LoopbackHttpServer evil = new LoopbackHttpServer()) {
            // Tenant A names metadata on a host of its own that claims the victim's resource and a rogue server.
            evil.json("/prm.json", prm(mcp.origin() + "/mcp", evil.origin()));
            evil.json("/.well-known/oauth-authorization-server", asMetadata(evil.origin(), evil.origin()));
            mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
            as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
            HttpServerDiscovery discovery = discovery(true, false);
            Challenge forged = Challenge.parse("Bearer resource_metadata=\"" + evil.uri("/prm.json") + "\"");

            DiscoveredServer seenByA = discovery.discover(mcp.uri("/mcp"), forged, tenantTimeline("a"));
            DiscoveredServer seenByB = discovery.discover(mcp.uri("/mcp"), Challenge.NONE, tenantTimeline("b"));
            DiscoveredServer forgedForB = discovery.discover(mcp.uri("/mcp"), forged, tenantTimeline("b"));
            DiscoveredServer againForA = discovery.discover(mcp.uri("/mcp"), forged, tenantTimeline("a"));

            assertThat(seenByA.authorizationServer().issuer()).isEqualTo(evil.origin());
            assertThat(seenByB.authorizationServer().issuer()).isEqualTo(as.origin());
            // Even naming the same URL, B's answer comes from B's own request, not from what A was told.
            assertThat(forgedForB.authorizationServer().issuer()).isEqualTo(evil.origin());
            assertThat(againForA.authorizationServer().issuer()).isEqualTo(evil.origin());
            assertThat(evil.received("/prm.json")).hasSize(2);
            assertThat(mcp.received("/.well-known/oauth-protected-resource/mcp")).hasSize(1);
        }
    }

    @Test
    void crossOriginResourceMetadataIsSharedOnceTheServerItselfNamesIt() {
        try (LoopbackHttpServer host = new LoopbackHttpServer()) {
            // The server keeps its metadata on another host, and says so in its own challenge.
            host.json("/prm.json", prm(mcp.origin() + "/mcp", as.origin()));
            mcp.route("/mcp", r -> Reply.json(401, "{}").withHeader("WWW-Authenticate",
                    "Bearer resource_metadata=\"" + host.uri("/prm.json") + "\""));
            as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
            HttpServerDiscovery discovery = discovery(true, false);
            Challenge named = Challenge.parse("Bearer resource_metadata=\"" + host.uri("/prm.json") + "\"");

            discovery.discover(mcp.uri("/mcp"), named, tenantTimeline("a"));
            discovery.discover(mcp.uri("/mcp"), named, tenantTimeline("b"));

            assertThat(host.received("/prm.json")).hasSize(1);
            assertThat(mcp.received("/mcp")).singleElement()
                    .satisfies(r -> assertThat(r.method()).isEqualTo("POST"))
                    .satisfies(r -> assertThat(r.header("Authorization")).isNull());
        }
    }

    @Test
    void theServersOwnResourceMetadataUrlIsSharedByEveryoneWhoNamesIt() {
        mcp.json("/custom/prm.json", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        HttpServerDiscovery discovery = discovery(true, false);
        Challenge own = Challenge.parse("Bearer resource_metadata=\"" + mcp.uri("/custom/prm.json") + "\"");

        discovery.discover(mcp.uri("/mcp"), own, tenantTimeline("a"));
        discovery.discover(mcp.uri("/mcp"), own, tenantTimeline("b"));

        assertThat(mcp.received("/custom/prm.json")).hasSize(1);
    }

    @Test
    void aTimelineReadsTheSameWhetherOrNotAnotherTenantFetchedFirst() {
        mcp.json("/.well-known/oauth-protected-resource/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        HttpServerDiscovery discovery = discovery(true, false);
        Timeline first = tenantTimeline("a");
        Timeline second = tenantTimeline("b");
        Timeline secondAgain = tenantTimeline("b");

        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, first);
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, second);
        discovery.discover(mcp.uri("/mcp"), Challenge.NONE, secondAgain);

        assertThat(mcp.received()).hasSize(1);
        Step a = first.steps().get(0);
        Step b = second.steps().get(0);
        assertThat(b.urls()).isEqualTo(a.urls()).isNotEmpty();
        assertThat(b.detail()).isEqualTo(a.detail());
        assertThat(b.detail().orElseThrow()).doesNotContain("cache");
        // Its own earlier discovery is no secret to the tenant.
        assertThat(secondAgain.steps().get(0).detail().orElseThrow()).contains("from cache");
    }

    @Test
    void oneDeadlineBoundsAllOfADiscoverysRequestsTogether() {
        // Each answer comes well inside the read timeout; together they outlast the discovery's deadline.
        mcp.route("/.well-known/oauth-protected-resource/mcp", r -> slowly(Reply.json(404, "{}")));
        mcp.route("/.well-known/oauth-protected-resource", r -> slowly(Reply.json(200, prm(mcp.origin(), as.origin()))));
        as.json("/.well-known/oauth-authorization-server", asMetadata(as.origin(), as.origin()));
        DiscoveryFactory config = new DiscoveryFactory();
        config.setDeadline(io.dropwizard.util.Duration.seconds(1));
        HttpServerDiscovery discovery = new HttpServerDiscovery(http, config, true, nanos::get);

        assertFailure(() -> discovery.discover(mcp.uri("/mcp"), Challenge.NONE, timeline), "discovery_failed");
        assertThat(as.received()).isEmpty();
    }

    private static Reply slowly(Reply reply) {
        try {
            Thread.sleep(700);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reply;
    }
}
