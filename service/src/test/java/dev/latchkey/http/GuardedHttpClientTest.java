package dev.latchkey.http;

import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Reply;
import dev.latchkey.testing.PrometheusText;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedHttpClientTest {

    private final LoopbackHttpServer server = new LoopbackHttpServer();
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private final PrometheusRegistry metrics = new PrometheusRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private GuardedHttpClient client;

    @AfterEach
    void close() throws Exception {
        release.countDown();
        if (client != null) {
            client.stop();
        }
        server.close();
    }

    private GuardedHttpClient client(boolean allowPrivate) throws Exception {
        EgressFactory config = new EgressFactory();
        config.setAllowPrivateNetworks(allowPrivate);
        config.setConnectTimeout(Duration.seconds(2));
        config.setReadTimeout(Duration.milliseconds(700));
        config.setMaxResponseSize(DataSize.kibibytes(1));
        config.setMaxRedirects(2);
        client = new GuardedHttpClient(config, (target, purpose, reason) -> audited.add(purpose + " " + target + " " + reason),
                DomainMetrics.registeredIn(metrics));
        client.start();
        return client;
    }

    @Test
    void getsJsonAndAsksForAnUncompressedBody() throws Exception {
        server.json("/doc", "{\"ok\":true}");
        OutboundResponse response = client(true).send(OutboundRequest.get(server.uri("/doc"), "test"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"ok\":true}");
        assertThat(response.header("Content-Type")).contains("application/json");
        assertThat(server.received("/doc").get(0).header("accept-encoding")).isEqualTo("identity");
        assertThat(server.received("/doc").get(0).header("user-agent")).isEqualTo("Latchkey");
    }

    @Test
    void postsABodyWithItsContentType() throws Exception {
        server.route("/reg", r -> Reply.json(201, "{\"echo\":" + r.body() + "}"));
        OutboundRequest post = new OutboundRequest("POST", server.uri("/reg"),
                Map.of("Content-Type", List.of("application/json")),
                Optional.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), false, "test");
        OutboundResponse response = client(true).send(post);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.bodyText()).isEqualTo("{\"echo\":{\"a\":1}}");
        assertThat(server.received("/reg").get(0).header("content-type")).startsWith("application/json");
    }

    @Test
    void answersAnUnauthorizedWithoutChallengeAsAPlainResponse() throws Exception {
        // An authorization server that forgot our client answers 401 invalid_client, often without
        // WWW-Authenticate (RFC 6749 only asks for it after HTTP authentication was tried).
        server.route("/token", r -> Reply.json(401, "{\"error\":\"invalid_client\"}"));
        server.route("/proxy", r -> Reply.json(407, "{\"error\":\"proxy\"}"));
        server.route("/challenged", r -> Reply.json(401, "{\"error\":\"invalid_client\"}")
                .withHeader("WWW-Authenticate", "Basic realm=\"as\""));
        GuardedHttpClient guarded = client(true);
        OutboundRequest post = new OutboundRequest("POST", server.uri("/token"),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                Optional.of("grant_type=authorization_code".getBytes(StandardCharsets.UTF_8)), false, "test");

        OutboundResponse response = guarded.send(post);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.bodyText()).isEqualTo("{\"error\":\"invalid_client\"}");
        assertThat(guarded.send(OutboundRequest.get(server.uri("/proxy"), "test")).status()).isEqualTo(407);
        OutboundResponse challenged = guarded.send(OutboundRequest.get(server.uri("/challenged"), "test"));
        assertThat(challenged.status()).isEqualTo(401);
        assertThat(challenged.header("WWW-Authenticate")).contains("Basic realm=\"as\"");
        assertThat(server.received("/challenged")).hasSize(1);
    }

    @Test
    void followsRedirectsOfGetRequestsHopByHop() throws Exception {
        server.route("/a", r -> Reply.redirect("/b"));
        server.route("/b", r -> Reply.redirect(server.origin() + "/c"));
        server.json("/c", "{}");
        OutboundResponse response = client(true).send(OutboundRequest.get(server.uri("/a?x=1"), "test"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.finalUri()).isEqualTo(server.uri("/c"));
        assertThat(server.paths()).containsExactly("/a", "/b", "/c");
    }

    @Test
    void stopsAfterTheConfiguredNumberOfRedirects() throws Exception {
        server.route("/loop", r -> Reply.redirect("/loop"));
        client(true);
        assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/loop"), "test")))
                .isInstanceOfSatisfying(EgressException.class,
                        e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.TOO_MANY_REDIRECTS));
        assertThat(server.received("/loop")).hasSize(3);
    }

    @Test
    void neverFollowsRedirectsUnlessAsked() throws Exception {
        server.route("/token", r -> Reply.redirect("/elsewhere"));
        OutboundRequest post = new OutboundRequest("POST", server.uri("/token"), Map.of(), Optional.of(new byte[0]),
                false, "test");
        OutboundResponse response = client(true).send(post);
        assertThat(response.status()).isEqualTo(302);
        assertThat(server.paths()).containsExactly("/token");
    }

    @Test
    void refusesResponsesLargerThanTheCap() throws Exception {
        byte[] big = new byte[4096];
        server.route("/big", r -> new Reply(200, Map.of(), big));
        server.route("/chunked", r -> new Reply(200, Map.of(LoopbackHttpServer.CHUNKED, "yes"), big));
        server.route("/fits", r -> new Reply(200, Map.of(), new byte[1024]));
        client(true);
        for (String path : List.of("/big", "/chunked")) {
            assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri(path), "test")))
                    .isInstanceOfSatisfying(EgressException.class,
                            e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.TOO_LARGE));
        }
        assertThat(client.send(OutboundRequest.get(server.uri("/fits"), "test")).body()).hasSize(1024);
    }

    @Test
    void timesOutOnASlowServer() throws Exception {
        server.route("/slow", r -> {
            awaitRelease();
            return Reply.json(200, "{}");
        });
        client(true);
        assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/slow"), "test")))
                .isInstanceOfSatisfying(EgressException.class,
                        e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.TIMEOUT));
    }

    @Test
    void productionRefusesLoopbackBeforeConnecting() throws Exception {
        server.json("/", "{}");
        client(false);
        int port = server.port();
        assertRefused("http://127.0.0.1:" + port + "/?secret=1", EgressException.Kind.INSECURE);
        assertRefused("https://127.0.0.1:" + port + "/", EgressException.Kind.BLOCKED);
        assertRefused("https://localhost:" + port + "/", EgressException.Kind.BLOCKED);
        assertRefused("https://[::1]:" + port + "/", EgressException.Kind.BLOCKED);
        assertRefused("https://[::ffff:127.0.0.1]:" + port + "/", EgressException.Kind.BLOCKED);
        assertThat(server.received()).isEmpty();
        assertThat(audited).hasSize(5).allSatisfy(line -> assertThat(line).doesNotContain("secret"));
        assertThat(audited.get(2)).contains("https://localhost:" + port + "/").contains("loopback");
        PrometheusText counted = PrometheusText.of(metrics);
        assertThat(counted.value("latchkey_egress_refused_total{reason=\"scheme\"}")).isEqualTo(1.0);
        assertThat(counted.value("latchkey_egress_refused_total{reason=\"address\"}")).isEqualTo(4.0);
    }

    @Test
    void refusesADowngradeFromHttpsToHttp() {
        assertThatThrownBy(() -> GuardedHttpClient.nextHop(URI.create("https://as.example/a"),
                redirectTo("http://as.example/b")))
                .isInstanceOfSatisfying(EgressException.class,
                        e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.INSECURE));
        assertThat(GuardedHttpClient.nextHop(URI.create("https://as.example/a"), redirectTo("/b")))
                .isEqualTo(URI.create("https://as.example/b"));
    }

    private static OutboundResponse redirectTo(String location) {
        return new OutboundResponse(302, Map.of("location", List.of(location)), new byte[0], URI.create("https://as.example/a"));
    }

    private void assertRefused(String url, EgressException.Kind kind) {
        assertThatThrownBy(() -> client.send(OutboundRequest.get(URI.create(url), "probe")))
                .isInstanceOfSatisfying(EgressException.class, e -> assertThat(e.kind()).as(url).isEqualTo(kind));
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
