package dev.latchkey.registration;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.plugin.LoadedPlugin;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.Step;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.PreRegisteredClient;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderTarget;
import dev.latchkey.spi.RegistrationChoice;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Reply;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredClientRegistryTest {

    private static final URI PUBLIC_BASE = URI.create("http://127.0.0.1:8080");
    private static final URI REDIRECT = URI.create("http://127.0.0.1:8080/oauth/callback");

    @TempDir
    Path dir;

    private final LoopbackHttpServer as = new LoopbackHttpServer();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-08-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final Sealer sealer = new Sealer(KeyringSource.fixed(Keyring.generate(Clock.systemUTC())));
    private final GuardedHttpClient http = startedClient();
    private final RegistrationFactory config = new RegistrationFactory();
    private StoreFixture store;

    @AfterEach
    void close() throws Exception {
        http.stop();
        as.close();
        if (store != null) {
            store.close();
        }
    }

    private StoredClientRegistry registry(TestDatabases.Kind kind) {
        if (store == null) {
            store = StoreFixture.open(kind, dir);
        }
        return new StoredClientRegistry(store.jdbi(), sealer, new AuditLog(store.jdbi(), clock), clock,
                new NimbusHttp(http), config, ClientMetadataDocument.of(PUBLIC_BASE, config), true);
    }

    private AuthorizationServerMetadata as(List<String> authMethods, boolean cimd, boolean registration) {
        // A server that offers the metadata document promises iss, as the document requires by default.
        return as(authMethods, cimd, registration, cimd);
    }

    private AuthorizationServerMetadata as(List<String> authMethods, boolean cimd, boolean registration, boolean iss) {
        return new AuthorizationServerMetadata(as.origin(), as.uri("/authorize"), as.uri("/token"),
                registration ? Optional.of(as.uri("/register")) : Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("S256"), authMethods, List.of(), List.of(), iss, cimd, as.uri("/.well-known/x"), List.of());
    }

    private void registrationAnswers(String secret, Long expiresAtSeconds) {
        as.route("/register", r -> Reply.json(201, "{\"client_id\":\"client-" + as.received("/register").size()
                + "\",\"client_secret\":\"" + secret + "\",\"token_endpoint_auth_method\":\"client_secret_basic\""
                + (expiresAtSeconds == null ? "" : ",\"client_secret_expires_at\":" + expiresAtSeconds) + "}"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aClientDeletedOnAnotherInstanceIsDroppedHereWithinTheReuseWindow(TestDatabases.Kind kind) throws Exception {
        registrationAnswers("s3cr+et", null);
        StoredClientRegistry here = registry(kind);
        StoredClientRegistry elsewhere = registry(kind);
        AuthorizationServerMetadata server = as(List.of("client_secret_basic"), false, true);
        RegisteredClient first = here.obtain(server, REDIRECT, new Timeline(clock));

        assertThat(elsewhere.invalidateByOperator(first.ref(), "ops")).isTrue();
        assertThat(here.obtain(server, REDIRECT, new Timeline(clock)).ref())
                .as("used a moment ago: reused without reading its row").isEqualTo(first.ref());

        now.set(now.get().plus(StoredClientRegistry.RECENT_TTL).plusMillis(1));
        RegisteredClient after = here.obtain(server, REDIRECT, new Timeline(clock));
        assertThat(after.ref()).isNotEqualTo(first.ref());
        assertThat(as.received("/register")).hasSize(2);

        here.invalidate(after.ref());
        assertThat(here.obtain(server, REDIRECT, new Timeline(clock)).ref())
                .as("a deletion on this instance takes effect at once").isNotEqualTo(after.ref());
        assertThat(as.received("/register")).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    @SuppressWarnings("unchecked")
    void registersOnceAndReusesTheStoredClient(TestDatabases.Kind kind) throws Exception {
        registrationAnswers("s3cr+et", null);
        StoredClientRegistry registry = registry(kind);
        Timeline timeline = new Timeline(clock);

        RegisteredClient first = registry.obtain(as(List.of("none", "client_secret_post", "client_secret_basic"),
                false, true), REDIRECT, timeline);
        RegisteredClient second = registry.obtain(as(List.of("client_secret_basic"), false, true), REDIRECT,
                new Timeline(clock));

        assertThat(as.received("/register")).hasSize(1);
        assertThat(second.ref()).isEqualTo(first.ref());
        assertThat(second.clientSecret()).contains("s3cr+et");
        assertThat(first.method()).isEqualTo(RegisteredClient.Method.DYNAMIC);
        assertThat(first.authMethod()).isEqualTo("client_secret_basic");
        assertThat(registry.find(first.ref())).hasValueSatisfying(c -> assertThat(c.clientSecret()).contains("s3cr+et"));
        Map<String, Object> body = JSONObjectUtils.parse(as.received("/register").get(0).body());
        assertThat(body).containsEntry("application_type", "web").containsEntry("client_name", "Latchkey")
                .containsEntry("token_endpoint_auth_method", "client_secret_basic")
                .doesNotContainKeys("scope", "resource");
        assertThat((List<Object>) body.get("grant_types")).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat((List<Object>) body.get("response_types")).containsExactly("code");
        // A redirect URI of its own at this server: a response for it cannot be taken for another server's.
        URI own = RedirectUris.forIssuer(REDIRECT, as.origin());
        assertThat(own.toString()).matches(REDIRECT + "/[a-z2-7]{20}");
        assertThat((List<Object>) body.get("redirect_uris")).containsExactly(own.toString());
        assertThat(first.redirectUri()).isEqualTo(own);
        String sealed = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT client_secret_sealed FROM registered_clients").mapTo(String.class).one());
        assertThat(sealed).startsWith("v1.").doesNotContain("s3cr");
        Step step = timeline.steps().get(0);
        assertThat(step.step()).isEqualTo("registration");
        assertThat(step.urls()).containsExactly(as.origin() + "/register");
        assertThat(step.detail().orElseThrow()).contains("dynamic");
        assertThat(auditActions()).contains("client.registered");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void twentyConcurrentFirstFlowsOnTwoInstancesRegisterOnce(TestDatabases.Kind kind) throws Exception {
        CountDownLatch firstPostSeen = new CountDownLatch(1);
        as.route("/register", r -> {
            firstPostSeen.countDown();
            sleep(300);
            return Reply.json(201, "{\"client_id\":\"only\",\"client_secret\":\"x\"}");
        });
        StoredClientRegistry one = registry(kind);
        StoredClientRegistry two = registry(kind);
        AuthorizationServerMetadata metadata = as(List.of(), false, true);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<RegisteredClient>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                StoredClientRegistry registry = i % 2 == 0 ? one : two;
                calls.add(() -> registry.obtain(metadata, REDIRECT, new Timeline(clock)));
            }
            List<String> refs = new ArrayList<>();
            for (Future<RegisteredClient> result : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                refs.add(result.get().ref());
            }
            assertThat(refs).hasSize(20).containsOnly(refs.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(as.received("/register")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void registersAnewWhenTheSecretExpired(TestDatabases.Kind kind) {
        registrationAnswers("first", now.get().plus(Duration.ofMinutes(1)).getEpochSecond());
        StoredClientRegistry registry = registry(kind);
        RegisteredClient first = registry.obtain(as(List.of(), false, true), REDIRECT, new Timeline(clock));
        assertThat(first.secretExpiresAt()).isPresent();
        registry.obtain(as(List.of(), false, true), REDIRECT, new Timeline(clock));
        assertThat(as.received("/register")).hasSize(1);

        now.set(now.get().plus(Duration.ofMinutes(2)));
        RegisteredClient renewed = registry.obtain(as(List.of(), false, true), REDIRECT, new Timeline(clock));

        assertThat(as.received("/register")).hasSize(2);
        assertThat(renewed.ref()).isNotEqualTo(first.ref());
        assertThat(registry.find(first.ref())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void registersAnewAfterInvalidation(TestDatabases.Kind kind) {
        registrationAnswers("s", null);
        StoredClientRegistry registry = registry(kind);
        RegisteredClient first = registry.obtain(as(List.of(), false, true), REDIRECT, new Timeline(clock));

        registry.invalidate(first.ref());

        assertThat(registry.find(first.ref())).isEmpty();
        RegisteredClient again = registry.obtain(as(List.of(), false, true), REDIRECT, new Timeline(clock));
        assertThat(again.ref()).isNotEqualTo(first.ref());
        assertThat(as.received("/register")).hasSize(2);
        assertThat(auditActions()).contains("client.invalidated");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRefusedRegistrationFailsAndStoresNothing(TestDatabases.Kind kind) {
        as.route("/register", r -> Reply.json(400, "{\"error\":\"invalid_client_metadata\","
                + "\"error_description\":\"redirect \\u001b[31mnot allowed\"}"));
        StoredClientRegistry registry = registry(kind);
        Timeline timeline = new Timeline(clock);

        assertThatThrownBy(() -> registry.obtain(as(List.of(), false, true), REDIRECT, timeline))
                .isInstanceOfSatisfying(Failure.class, f -> {
                    assertThat(f.code()).isEqualTo("registration_failed");
                    assertThat(f.description()).contains("invalid_client_metadata").contains("not allowed")
                            .doesNotContain("\u001b");
                });
        assertThat(rowCount()).isZero();
        assertThat(as.received("/register")).hasSize(1);
        assertThat(timeline.steps().get(0).outcome()).isEqualTo(Step.Outcome.FAILED);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void usesTheClientMetadataDocumentWhenSupported(TestDatabases.Kind kind) {
        registrationAnswers("s", null);
        StoredClientRegistry registry = registry(kind);

        RegisteredClient client = registry.obtain(as(List.of("none"), true, true), REDIRECT, new Timeline(clock));

        assertThat(client.method()).isEqualTo(RegisteredClient.Method.CIMD);
        assertThat(client.clientId()).isEqualTo("http://127.0.0.1:8080/oauth/client-metadata.json");
        assertThat(client.clientSecret()).isEmpty();
        assertThat(client.authMethod()).isEqualTo("none");
        assertThat(as.received()).isEmpty();
        assertThat(registry.find(client.ref())).hasValueSatisfying(c -> assertThat(c.method())
                .isEqualTo(RegisteredClient.Method.CIMD));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aPluginsCredentialsGoOnlyToTheIssuersTheyAreBoundTo(TestDatabases.Kind kind) {
        registrationAnswers("s", null);
        // Matched by the MCP server's host, as a hostile server's metadata would have it matched.
        PreRegisteredClient app = PreRegisteredClient.confidential("app-id", "app-secret", ClientAuthMethod.CLIENT_SECRET_POST);
        StoredClientRegistry registry = registryWithPluginOffering(kind,
                app.boundTo(List.of("https://github.com/login/oauth")));
        Timeline timeline = new Timeline(clock, ProviderScope.of(URI.create("https://api.githubcopilot.com/mcp/"),
                "https://api.githubcopilot.com/mcp/", "flw_x", "acme"));

        RegisteredClient client = registry.obtain(as(List.of("none"), false, true), REDIRECT, timeline);

        assertThat(client.method()).isEqualTo(RegisteredClient.Method.DYNAMIC);
        assertThat(client.clientId()).isNotEqualTo("app-id");
        assertThat(as.received()).noneMatch(r -> r.body().contains("app-secret") || r.headers().toString()
                .contains("app-secret"));
        int withheld = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_log WHERE action ="
                + " 'client.credentials_withheld'").mapTo(Integer.class).one());
        assertThat(withheld).isEqualTo(1);

        assertThatThrownBy(() -> registry.obtain(asWithoutRegistration("https://127.0.0.1:1/other"), REDIRECT, timeline))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.code())
                        .isEqualTo("credentials_not_for_issuer"));
    }

    /** A registry whose one plugin applies everywhere and offers {@code credentials}. */
    private StoredClientRegistry registryWithPluginOffering(TestDatabases.Kind kind, PreRegisteredClient credentials) {
        if (store == null) {
            store = StoreFixture.open(kind, dir);
        }
        AuditLog audit = new AuditLog(store.jdbi(), clock);
        ProviderHooks hooks = new ProviderHooks(List.of(new LoadedPlugin("app", "1", "2.0", LoadedPlugin.Kind.PLUGIN,
                "test", Optional.empty(), new ProviderPlugin() {
                    @Override
                    public boolean appliesTo(ProviderTarget target) {
                        return true;
                    }

                    @Override
                    public Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                            dev.latchkey.spi.AuthorizationServerMetadata metadata, ProviderContext context) {
                        return Optional.of(credentials);
                    }
                }, PluginConfig.empty())), audit, clock);
        return new StoredClientRegistry(store.jdbi(), sealer, audit, clock, new NimbusHttp(http), config,
                ClientMetadataDocument.of(PUBLIC_BASE, config), true, hooks);
    }

    private AuthorizationServerMetadata asWithoutRegistration(String issuer) {
        return new AuthorizationServerMetadata(issuer, URI.create(issuer + "/authorize"), URI.create(issuer + "/token"),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of("S256"), List.of("none"), List.of(),
                List.of(), false, false, URI.create(issuer + "/.well-known/x"), List.of());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aPluginsBoundCredentialsAreUsedAtTheirOwnIssuer(TestDatabases.Kind kind) {
        StoredClientRegistry registry = registryWithPluginOffering(kind, PreRegisteredClient.confidential("app-id",
                "app-secret", ClientAuthMethod.CLIENT_SECRET_POST).boundTo(List.of(as.origin())));
        Timeline timeline = new Timeline(clock, ProviderScope.of(URI.create("https://mcp.example.com/mcp"),
                "https://mcp.example.com/mcp", "flw_y", "acme"));

        RegisteredClient client = registry.obtain(as(List.of("none"), false, true), REDIRECT, timeline);

        assertThat(client.method()).isEqualTo(RegisteredClient.Method.PRE_REGISTERED);
        assertThat(client.clientId()).isEqualTo("app-id");
        assertThat(client.redirectUri()).isEqualTo(REDIRECT);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aTenantsFirstUseOfASharedClientReadsAsTheRegistrationItself(TestDatabases.Kind kind) {
        registrationAnswers("s", null);
        StoredClientRegistry registry = registry(kind);
        Timeline first = tenantTimeline("a");
        Timeline other = tenantTimeline("b");
        Timeline otherAgain = tenantTimeline("b");

        registry.obtain(as(List.of("none"), false, true), REDIRECT, first);
        registry.obtain(as(List.of("none"), false, true), REDIRECT, other);
        registry.obtain(as(List.of("none"), false, true), REDIRECT, otherAgain);

        assertThat(as.received("/register")).hasSize(1);
        Step registered = first.steps().get(0);
        Step firstUse = other.steps().get(0);
        assertThat(firstUse.urls()).isEqualTo(registered.urls()).containsExactly(as.origin() + "/register");
        assertThat(firstUse.detail()).isEqualTo(registered.detail());
        assertThat(otherAgain.steps().get(0).detail().orElseThrow()).startsWith("reused the stored dynamic client");
    }

    private Timeline tenantTimeline(String tenant) {
        return new Timeline(clock, ProviderScope.of(URI.create("https://mcp.example.com/mcp"),
                "https://mcp.example.com/mcp", "flw_" + tenant, tenant));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void registersInsteadOfUsingTheMetadataDocumentWhereIssIsNotPromised(TestDatabases.Kind kind) {
        // The document is one client everywhere: without iss, a server could relay a flow to another (mix-up).
        registrationAnswers("s", null);
        StoredClientRegistry registry = registry(kind);

        RegisteredClient client = registry.obtain(as(List.of("none"), true, true, false), REDIRECT,
                new Timeline(clock));

        assertThat(client.method()).isEqualTo(RegisteredClient.Method.DYNAMIC);
        assertThat(client.redirectUri()).isEqualTo(RedirectUris.forIssuer(REDIRECT, as.origin()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void usesTheMetadataDocumentWithoutIssOnlyWhenConfiguredTo(TestDatabases.Kind kind) {
        config.setCimdWithoutIss(true);
        StoredClientRegistry registry = registry(kind);

        RegisteredClient client = registry.obtain(as(List.of("none"), true, false, false), REDIRECT,
                new Timeline(clock));

        assertThat(client.method()).isEqualTo(RegisteredClient.Method.CIMD);
        assertThat(client.redirectUri()).isEqualTo(REDIRECT);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aClientRegisteredWithTheSharedRedirectUriIsRegisteredAnew(TestDatabases.Kind kind) {
        registrationAnswers("s", null);
        StoredClientRegistry registry = registry(kind);
        store.jdbi().useHandle(h -> h.execute("INSERT INTO registered_clients (id, issuer, redirect_uri, status, method,"
                + " client_id, auth_method, created_at, updated_at) VALUES ('cli_old', ?, ?, ?, 'dynamic', 'old', 'none', 0, 0)",
                as.origin(), REDIRECT.toString(), RegisteredClientRow.ACTIVE));

        RegisteredClient client = registry.obtain(as(List.of("none"), false, true), REDIRECT, new Timeline(clock));

        assertThat(client.ref()).isNotEqualTo("cli_old");
        assertThat(client.redirectUri()).isEqualTo(RedirectUris.forIssuer(REDIRECT, as.origin()));
        assertThat(as.received("/register")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void preRegisteredCredentialsWinOverEverything(TestDatabases.Kind kind) {
        registrationAnswers("s", null);
        RegistrationFactory.PreRegistered pre = new RegistrationFactory.PreRegistered();
        pre.setIssuer(as.origin());
        pre.setClientId("pre-registered-client");
        pre.setClientSecret("pre-registered-secret");
        config.setPreRegistered(List.of(pre));
        StoredClientRegistry registry = registry(kind);

        RegisteredClient client = registry.obtain(as(List.of(), true, true), REDIRECT, new Timeline(clock));

        assertThat(client.method()).isEqualTo(RegisteredClient.Method.PRE_REGISTERED);
        assertThat(client.clientId()).isEqualTo("pre-registered-client");
        assertThat(client.clientSecret()).contains("pre-registered-secret");
        assertThat(client.authMethod()).isEqualTo("client_secret_basic");
        assertThat(registry.find(client.ref())).contains(client);
        assertThat(as.received()).isEmpty();
        assertThat(rowCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void withNothingOfferedTellsTheOperatorWhatToConfigure(TestDatabases.Kind kind) {
        StoredClientRegistry registry = registry(kind);
        assertThatThrownBy(() -> registry.obtain(as(List.of(), false, false), REDIRECT, new Timeline(clock)))
                .isInstanceOfSatisfying(Failure.class, f -> {
                    assertThat(f.code()).isEqualTo("registration_unavailable");
                    assertThat(f.description()).contains(as.origin()).contains("pre-registered");
                });
        assertThat(rowCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void takesOverALeaseWhoseHolderDied(TestDatabases.Kind kind) {
        registrationAnswers("s", null);
        StoredClientRegistry registry = registry(kind);
        store.jdbi().useHandle(h -> h.execute("INSERT INTO registered_clients (id, issuer, redirect_uri, status, method,"
                + " lease_until, created_at, updated_at) VALUES ('cli_dead', ?, ?, 'registering', 'dynamic', ?, 0, 0)",
                as.origin(), REDIRECT.toString(), now.get().minusSeconds(1).toEpochMilli()));

        RegisteredClient client = registry.obtain(as(List.of(), false, true), REDIRECT, new Timeline(clock));

        assertThat(client.ref()).isNotEqualTo("cli_dead");
        assertThat(as.received("/register")).hasSize(1);
        assertThat(rowCount()).isOne();
    }

    private int rowCount() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM registered_clients")
                .mapTo(Integer.class).one());
    }

    private List<String> auditActions() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT action FROM audit_log").mapTo(String.class).list());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
