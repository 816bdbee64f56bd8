package dev.latchkey.plugin;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.PluginException;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderTarget;
import dev.latchkey.spi.RelaxationKind;
import dev.latchkey.testing.PrometheusText;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's side of the SPI: order, "acted", declared relaxations audited, undeclared ones refused. */
class ProviderHooksTest {

    private static final String ISSUER = "https://as.example.com";
    private static final ProviderScope SCOPE = ProviderScope.of(URI.create("https://mcp.example.com/mcp"),
            "https://mcp.example.com/mcp", "flw_test", "acme").withIssuer(ISSUER);

    @TempDir
    Path dir;
    private StoreFixture store;
    private AuditLog audit;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DomainMetrics metrics = DomainMetrics.registeredIn(registry);

    @BeforeEach
    void open() {
        store = StoreFixture.open(TestDatabases.Kind.H2, dir);
        audit = new AuditLog(store.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void pluginsRunInOrderEachSeeingThePreviousResultAndOnlyThoseThatChangedSomethingAreNamed() {
        ProviderHooks hooks = hooks(plugin("first", r -> r.withParameter("prompt", "select_account")),
                plugin("idle", r -> r), plugin("second", r -> r.mergeParameter("prompt", "consent")),
                new LoadedPlugin("elsewhere", "1", "2.0", LoadedPlugin.Kind.PLUGIN, "test", Optional.empty(),
                        target -> false, PluginConfig.empty()));
        List<String> acted = new ArrayList<>();

        AuthorizationRequest out = hooks.customizeAuthorization(AuthorizationRequest.of(URI.create(ISSUER + "/authorize"),
                List.of("read"), "https://mcp.example.com/mcp"), SCOPE, acted::add);

        assertThat(out.extraParameters().first("prompt")).contains("select_account consent");
        assertThat(acted).containsExactly("first", "second");
    }

    @Test
    void aDeclaredRelaxationIsAuditedAndMarkedOnTheMetadata() {
        ProviderHooks hooks = hooks(new LoadedPlugin("s256", "1", "2.0", LoadedPlugin.Kind.PLUGIN, "test",
                Optional.empty(), new ProviderPlugin() {
                    @Override
                    public boolean appliesTo(ProviderTarget target) {
                        return true;
                    }

                    @Override
                    public dev.latchkey.spi.AuthorizationServerMetadata patchAuthorizationServerMetadata(
                            dev.latchkey.spi.AuthorizationServerMetadata m, ProviderContext c) {
                        return m.assumeS256("works without being advertised");
                    }
                }, PluginConfig.empty()));

        AuthorizationServerMetadata patched = hooks.patchAuthorizationServer(metadata(), SCOPE, name -> { });

        assertThat(patched.supportsS256()).isTrue();
        assertThat(patched.declares(RelaxationKind.ASSUME_PKCE_S256)).isTrue();
        String details = store.jdbi().withHandle(h -> h.createQuery(
                "SELECT actor || ' ' || details FROM audit_log WHERE action = 'plugin.relaxation'").mapTo(String.class).one());
        assertThat(details).isEqualTo("plugin:s256 ASSUME_PKCE_S256 in patchAuthorizationServerMetadata for flw_test:"
                + " works without being advertised");
    }

    @Test
    void anUndeclaredS256IsRefusedAndAThrowingPluginIsNamedWithoutItsMessage() {
        ProviderHooks sneaky = hooks(new LoadedPlugin("sneaky", "1", "2.0", LoadedPlugin.Kind.PLUGIN, "test",
                Optional.empty(), new ProviderPlugin() {
                    @Override
                    public boolean appliesTo(ProviderTarget target) {
                        return true;
                    }

                    @Override
                    public dev.latchkey.spi.AuthorizationServerMetadata patchAuthorizationServerMetadata(
                            dev.latchkey.spi.AuthorizationServerMetadata m, ProviderContext c) {
                        return m.withCodeChallengeMethodsSupported(List.of("S256"));
                    }
                }, PluginConfig.empty()));
        assertThatThrownBy(() -> sneaky.patchAuthorizationServer(metadata(), SCOPE, n -> { }))
                .isInstanceOf(Failure.class).hasMessageContaining("without declaring ASSUME_PKCE_S256");

        ProviderHooks failing = hooks(plugin("boom", r -> {
            throw new IllegalStateException("secret-value-123");
        }), plugin("refusing", r -> {
            throw new PluginException("tenant not allowed");
        }));
        assertThatThrownBy(() -> failing.customizeAuthorization(AuthorizationRequest.of(URI.create(ISSUER + "/a"),
                List.of(), "https://mcp.example.com/mcp"), SCOPE, n -> { }))
                .isInstanceOf(Failure.class).hasMessageContaining("plugin boom")
                .hasMessageContaining("IllegalStateException").hasMessageNotContaining("secret-value-123");
    }

    @Test
    void aPluginCannotSilentlyMoveAnEndpointTurnOffIssOrDropPkce() {
        AuthorizationServerMetadata strict = new AuthorizationServerMetadata(ISSUER, URI.create(ISSUER + "/authorize"),
                URI.create(ISSUER + "/token"), Optional.empty(), Optional.of(URI.create(ISSUER + "/revoke")),
                Optional.empty(), List.of("S256"), List.of(), List.of(), List.of(), true, false,
                URI.create(ISSUER + "/.well-known/oauth-authorization-server"), List.of());
        URI elsewhere = URI.create("https://collector.example.net/token");

        assertRefused(patching(m -> m.withTokenEndpoint(elsewhere)), strict, "without declaring MOVE_ENDPOINT");
        assertRefused(patching(m -> m.withRevocationEndpoint(Optional.of(elsewhere))), strict,
                "without declaring MOVE_ENDPOINT");
        assertRefused(patching(m -> m.withAuthorizationResponseIssParameterSupported(false)), strict,
                "without declaring SKIP_ISS_CHECK");
        assertRefused(patching(m -> m.withCodeChallengeMethodsSupported(List.of("plain"))
                .withRelaxation(new dev.latchkey.spi.Relaxation(RelaxationKind.OTHER, "no PKCE here"))), strict,
                "PKCE cannot be turned off");

        AuthorizationServerMetadata moved = patching(m -> m.withTokenEndpoint(elsewhere).withRelaxation(
                new dev.latchkey.spi.Relaxation(RelaxationKind.MOVE_ENDPOINT, "token endpoint on its own host")))
                .patchAuthorizationServer(strict, SCOPE, n -> { });
        assertThat(moved.tokenEndpoint()).isEqualTo(elsewhere);
        List<String> audited = store.jdbi().withHandle(h -> h.createQuery("SELECT details FROM audit_log WHERE action ="
                + " 'plugin.relaxation'").mapTo(String.class).list());
        assertThat(audited).filteredOn(d -> d.startsWith("MOVE_ENDPOINT")).singleElement().asString()
                .contains("token endpoint on its own host");
        assertThat(PrometheusText.of(registry).value("latchkey_plugin_relaxations_total{kind=\"move_endpoint\"}"))
                .as("counted as audited").isEqualTo(1.0);

        ProviderHooks redirecting = hooks(plugin("redirecting", r -> r.withEndpoint(URI.create("https://phish.example/a"))));
        assertThatThrownBy(() -> redirecting.customizeAuthorization(AuthorizationRequest.of(
                URI.create(ISSUER + "/authorize"), List.of(), "https://mcp.example.com/mcp"), SCOPE, n -> { }))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.code()).isEqualTo("plugin_failed"))
                .hasMessageContaining("without declaring MOVE_ENDPOINT");
    }

    private void assertRefused(ProviderHooks hooks, AuthorizationServerMetadata metadata, String message) {
        assertThatThrownBy(() -> hooks.patchAuthorizationServer(metadata, SCOPE, n -> { }))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.code()).isEqualTo("plugin_failed"))
                .hasMessageContaining(message);
    }

    private ProviderHooks patching(java.util.function.UnaryOperator<dev.latchkey.spi.AuthorizationServerMetadata> change) {
        return hooks(new LoadedPlugin("patching", "1", "2.0", LoadedPlugin.Kind.PLUGIN, "test", Optional.empty(),
                new ProviderPlugin() {
                    @Override
                    public boolean appliesTo(ProviderTarget target) {
                        return true;
                    }

                    @Override
                    public dev.latchkey.spi.AuthorizationServerMetadata patchAuthorizationServerMetadata(
                            dev.latchkey.spi.AuthorizationServerMetadata m, ProviderContext c) {
                        return change.apply(m);
                    }
                }, PluginConfig.empty()));
    }

    private ProviderHooks hooks(LoadedPlugin... plugins) {
        return new ProviderHooks(List.of(plugins), audit, Clock.systemUTC(), metrics);
    }

    private static LoadedPlugin plugin(String id, java.util.function.UnaryOperator<AuthorizationRequest> change) {
        return new LoadedPlugin(id, "1", "2.0", LoadedPlugin.Kind.PLUGIN, "test", Optional.empty(), new ProviderPlugin() {
            @Override
            public boolean appliesTo(ProviderTarget target) {
                return true;
            }

            @Override
            public AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest r, ProviderContext c) {
                return change.apply(r);
            }
        }, PluginConfig.empty());
    }

    private static AuthorizationServerMetadata metadata() {
        return new AuthorizationServerMetadata(ISSUER, URI.create(ISSUER + "/authorize"), URI.create(ISSUER + "/token"),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of(), false,
                false, URI.create(ISSUER + "/.well-known/oauth-authorization-server"), List.of());
    }
}
