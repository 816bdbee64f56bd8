package dev.latchkey;

import dev.latchkey.api.ApiJson;
import dev.latchkey.api.BuildInfo;
import dev.latchkey.api.HttpEdge;
import dev.latchkey.api.MetaResource;
import dev.latchkey.api.OpenApiResource;
import dev.latchkey.assistant.AssistantMcpServer;
import dev.latchkey.assistant.LatchkeyBackend;
import dev.latchkey.audit.AuditBatcher;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.ApiKeyAuthFilter;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.auth.Caller;
import dev.latchkey.auth.WhoAmIResource;
import dev.latchkey.browser.BindingCookie;
import dev.latchkey.browser.BrowserErrorPages;
import dev.latchkey.browser.BrowserResource;
import dev.latchkey.browser.PersonalLinks;
import dev.latchkey.cli.ApiKeysCommand;
import dev.latchkey.cli.KeysCommand;
import dev.latchkey.cli.OperatorsCommand;
import dev.latchkey.config.EnvironmentSubstitution;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.connection.ClientCredentialsCall;
import dev.latchkey.connection.ClientCredentialsConnections;
import dev.latchkey.connection.ConnectionResource;
import dev.latchkey.connection.ConnectionService;
import dev.latchkey.connection.ConnectionStore;
import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.ConnectionsFactory;
import dev.latchkey.connection.RefreshCall;
import dev.latchkey.connection.RefreshLease;
import dev.latchkey.connection.Revoker;
import dev.latchkey.connection.TokenRefresher;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.console.ConsoleActions;
import dev.latchkey.console.ConsoleFeature;
import dev.latchkey.console.Operator;
import dev.latchkey.demo.DemoCommand;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.event.EventFeature;
import dev.latchkey.event.EventWriter;
import dev.latchkey.flow.AuthorizationRedirect;
import dev.latchkey.flow.CallbackProcessor;
import dev.latchkey.flow.ConnectionOrFlow;
import dev.latchkey.flow.FlowEngine;
import dev.latchkey.flow.FlowExpiryJob;
import dev.latchkey.flow.FlowLinks;
import dev.latchkey.flow.FlowRequests;
import dev.latchkey.flow.FlowResource;
import dev.latchkey.flow.FlowService;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.flow.FlowsFactory;
import dev.latchkey.flow.Landing;
import dev.latchkey.flow.StateCodec;
import dev.latchkey.flow.TokenShortcutResource;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.gateway.GatewayCredentials;
import dev.latchkey.gateway.GatewayFeature;
import dev.latchkey.gateway.Generation2Exchange;
import dev.latchkey.gateway.servers.ServersResource;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.servers.UpstreamServers;
import dev.latchkey.gateway.servers.UpstreamUrlPolicy;
import dev.latchkey.gateway.session.GatewaySessions;
import dev.latchkey.gateway.tokens.GatewayTokens;
import dev.latchkey.gateway.tokens.GatewayTokensResource;
import dev.latchkey.http.EgressAudit;
import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.idempotency.IdempotencyFilter;
import dev.latchkey.idempotency.IdempotencyKeys;
import dev.latchkey.issuer.IssuerFeature;
import dev.latchkey.limits.ApiRateLimitFilter;
import dev.latchkey.limits.BrowserThrottleFilter;
import dev.latchkey.limits.ClientAddresses;
import dev.latchkey.limits.LimitsFactory;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.metrics.PrometheusScrape;
import dev.latchkey.plugin.PluginCatalog;
import dev.latchkey.plugin.PluginFeature;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.probe.ProbeCommand;
import dev.latchkey.registration.ClientCredentialsClients;
import dev.latchkey.registration.ClientMetadataDocument;
import dev.latchkey.registration.ClientMetadataResource;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.registration.StoredClientRegistry;
import dev.latchkey.rehearsal.StartupRehearsal;
import dev.latchkey.security.DPoPKeys;
import dev.latchkey.security.KeyringHealthCheck;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.security.Signer;
import dev.latchkey.signin.SignInFeature;
import dev.latchkey.signin.SignInGate;
import dev.latchkey.store.Database;
import dev.latchkey.store.Dialect;
import dev.latchkey.store.PurgeJob;
import dev.latchkey.tenant.TenantNames;
import dev.latchkey.token.DPoPNonces;
import dev.latchkey.token.DPoPProofs;
import dev.latchkey.token.TokenEndpointClient;
import dev.latchkey.webhook.WebhookFeature;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.auth.PolymorphicAuthDynamicFeature;
import io.dropwizard.auth.PolymorphicAuthValueFactoryProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.views.common.ViewBundle;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Latchkey: an OAuth broker for AI assistants that use MCP servers. */
public class LatchkeyApplication extends Application<LatchkeyConfiguration> {

    private EventFeature events;
    private PluginFeature plugins;
    private StartupRehearsal rehearsal;
    private SignInFeature signIn;
    private Optional<IssuerFeature> issuer = Optional.empty();
    private final boolean stopsOnSignal;

    public LatchkeyApplication() {
        this(false);
    }

    /** {@code stopsOnSignal}: a process of its own, which stops its server itself on SIGTERM and SIGINT. */
    LatchkeyApplication(boolean stopsOnSignal) {
        this.stopsOnSignal = stopsOnSignal;
    }

    public static void main(String[] args) throws Exception {
        // The embedded H2 lets CLI commands share the database file through a server that must only
        // ever listen on loopback.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        new LatchkeyApplication(true).run(args);
    }

    @Override
    public String getName() {
        return "latchkey";
    }

    @Override
    public void initialize(Bootstrap<LatchkeyConfiguration> bootstrap) {
        ApiJson.configure(bootstrap.getObjectMapper());
        bootstrap.setConfigurationSourceProvider(new EnvironmentSubstitution(bootstrap.getConfigurationSourceProvider()));
        bootstrap.addBundle(new ViewBundle<>() {
            // A template error must fail the response, never print a stack trace into the page.
            @Override
            public Map<String, Map<String, String>> getViewConfiguration(LatchkeyConfiguration configuration) {
                return Map.of("freemarker", Map.of("template_exception_handler", "rethrow",
                        "log_template_exceptions", "false", "output_encoding", "UTF-8",
                        "url_escaping_charset", "UTF-8"));
            }
        });
        bootstrap.addBundle(new AssetsBundle("/ui/static/", "/static/", null, "static"));
        bootstrap.addCommand(new ApiKeysCommand());
        bootstrap.addCommand(new KeysCommand());
        bootstrap.addCommand(new OperatorsCommand());
        bootstrap.addCommand(new ProbeCommand(ProbeApplication::startInProcess));
        bootstrap.addCommand(new DemoCommand(this));
    }

    @Override
    public void run(LatchkeyConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        // Prometheus on the admin port: the JVM, Dropwizard's registry and what Latchkey itself counts
        DomainMetrics metrics = PrometheusScrape.install(environment);

        // Storage and keys
        // The pool is the first managed object, so it closes after every job registered below.
        Jdbi jdbi = Database.open(environment, config.getDatabase());
        // Readiness (GET /health-check; ?type=alive for liveness): ready once serving, not while stopping
        ServingCheck.install(environment, stopsOnSignal);
        Dialect dialect = Database.dialect(config.getDatabase());
        Database.describeSqlObjects(jdbi, ApiKeys.SQL_OBJECTS, AuditLog.SQL_OBJECTS, WebhookFeature.SQL_OBJECTS,
                StoredClientRegistry.SQL_OBJECTS, ConnectionStore.SQL_OBJECTS, FlowStore.SQL_OBJECTS,
                UpstreamServers.SQL_OBJECTS, GatewayTokens.SQL_OBJECTS, GatewaySessions.SQL_OBJECTS,
                Generation2Exchange.SQL_OBJECTS, IdempotencyKeys.SQL_OBJECTS, SignInFeature.SQL_OBJECTS,
                IssuerFeature.SQL_OBJECTS);
        KeyringSource keyring = config.getKeyring().build(clock);
        Sealer sealer = new Sealer(keyring);
        Signer signer = new Signer(keyring);
        environment.healthChecks().register("keyring", new KeyringHealthCheck(sealer, signer));
        AuditLog audit = new AuditLog(jdbi, clock);

        // Callers
        ApiKeys apiKeys = new ApiKeys(jdbi, clock);
        ConsoleFeature console = new ConsoleFeature(config.getConsole(), config.getPublicBaseUrl(), jdbi, audit,
                ClientAddresses.trusting(config.getLimits().getBrowser().getTrustedProxies()), clock);
        if (config.isFirstStartGuide()) {
            environment.lifecycle().addServerLifecycleListener(new FirstStartGuide(config.getPublicBaseUrl(),
                    apiKeys::anyLive, console::hasOperators));
        }
        environment.jersey().register(new PolymorphicAuthDynamicFeature<>(Map.of(
                Caller.class, ApiKeyAuthFilter.using(apiKeys),
                Operator.class, console.authFilter())));
        environment.jersey().register(new PolymorphicAuthValueFactoryProvider.Binder<>(
                Set.of(Caller.class, Operator.class)));

        // Limits per API key, tenant and browser address, counted in memory on this instance
        LimitsFactory limits = config.getLimits();
        if (!limits.getApi().isOff()) {
            environment.jersey().register(new ApiRateLimitFilter(limits.getApi(), metrics));
        }
        if (!limits.getBrowser().isOff()) {
            environment.servlets().addFilter("browser-throttle", new BrowserThrottleFilter(limits.getBrowser(), metrics))
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/connect/*",
                            "/oauth/callback", "/oauth/callback/*", "/signin", "/signin/*", "/oauth/register");
        }
        TenantConcurrency flowStarts = new TenantConcurrency(limits.getFlowStartsPerTenant(), "flow starts",
                () -> metrics.limitRefused(DomainMetrics.Limit.FLOW_STARTS));

        // Uniform errors, request ids, body limits and the request log's redaction
        HttpEdge.install(environment, config.getApi());
        // Idempotency-Key on POSTs: a retry gets the first answer again, across instances sharing the database
        IdempotencyKeys idempotencyKeys = new IdempotencyKeys(jdbi, sealer, config.getIdempotency().settings(), clock);
        environment.jersey().register(new IdempotencyFilter(idempotencyKeys, environment.getObjectMapper()));
        environment.lifecycle().manage(new PurgeJob("idempotency keys", idempotencyKeys::purgeExpired,
                Duration.ofMinutes(10)));

        // Provider plugins and profiles: loaded first, so a broken one stops start-up before anything listens
        plugins = PluginFeature.install(environment, config.getPlugins(), audit, clock, metrics);
        ProviderHooks hooks = plugins.hooks();

        // Outbound: one guarded client, for discovery, registration, token calls and webhooks
        boolean developmentMode = config.getEgress().isAllowPrivateNetworks();
        GuardedHttpClient guardedHttp = new GuardedHttpClient(config.getEgress(), EgressAudit.to(audit), metrics);
        environment.lifecycle().manage(guardedHttp);
        OutboundHttp outboundHttp = guardedHttp;
        NimbusHttp nimbusHttp = new NimbusHttp(outboundHttp);

        // Events: the outbox writer for the flow engine, pull API, instructions, webhooks and delivery
        events = EventFeature.install(environment, config.getEvents(), limits.getLongPollWaitersPerTenant(), jdbi,
                clock, metrics);
        WebhookFeature webhooks = WebhookFeature.install(environment, config.getEvents().getWebhooks(),
                limits.getWebhookDeliveriesPerTenant(), events, new WebhookFeature.Needs(jdbi, sealer, audit,
                        outboundHttp, clock, config.getEgress().isAllowPrivateNetworks(), metrics));
        EventWriter eventWriter = events.writer();

        // Flows: discover, register, start, land, call back; rehearsed once at start on a server of its own
        ClientMetadataDocument clientMetadata = ClientMetadataDocument.of(config.getPublicBaseUrl(),
                config.getRegistration());
        environment.jersey().register(new ClientMetadataResource(clientMetadata));
        FlowLinks links = new FlowLinks(config.getPublicBaseUrl());
        FlowsFactory flowConfig = config.getFlows();
        FlowStartCommit startCommit = FlowStartCommit.choose(flowConfig.isDurableStart(), dialect, jdbi,
                config.getEvents().getSettleWindow().toJavaDuration());
        FlowEngine.Settings flowSettings = new FlowEngine.Settings(config.getDiscovery(), config.getRegistration(),
                clientMetadata, flowConfig, links, startCommit);
        FlowEngine engine = FlowEngine.wire(new FlowEngine.Needs(jdbi, dialect, outboundHttp, developmentMode, sealer,
                audit, eventWriter, hooks, clock, metrics), flowSettings);
        ServerDiscovery discovery = engine.discovery();
        ClientRegistry clients = engine.clients();
        FlowStore flowStore = engine.store();
        FlowStarter starter = engine.starter();
        StateCodec states = new StateCodec(keyring);
        FlowRequests flowRequests = new FlowRequests(environment.getObjectMapper(), flowConfig.getMaxContextBytes());
        rehearsal = new StartupRehearsal(new StartupRehearsal.Needs(jdbi, dialect, flowSettings, config.getEgress(),
                flowRequests, states, sealer, hooks, apiKeys, environment.getJerseyServletContainer(),
                environment.getObjectMapper(), clock));
        // Once the JAX-RS application is up and before the connectors open: the rehearsal calls the API in process.
        environment.getApplicationContext().addEventListener(rehearsal);
        FlowService flowService = new FlowService(flowStore, links, audit, clock);
        Landing landing = new Landing(sealer, new AuthorizationRedirect(states), flowStore, audit, clock);
        TokenVault vault = new TokenVault(sealer);
        // One DPoP proof maker for token requests and the gateway's upstream calls: it keeps each server's nonce.
        DPoPProofs dpopProofs = new DPoPProofs(new DPoPKeys(keyring), new DPoPNonces(clock));
        TokenEndpointClient tokenEndpoint = new TokenEndpointClient(nimbusHttp, clock, hooks, dpopProofs);
        CallbackProcessor callbacks = new CallbackProcessor(states, discovery, clients, tokenEndpoint, flowStore,
                links, audit, clock);
        environment.lifecycle().manage(new FlowExpiryJob(flowStore,
                flowConfig.getExpiryInterval().toJavaDuration(), flowConfig.getRetention().toJavaDuration(), clock));

        // Connections: store, refresh once, revoke
        ConnectionsFactory connectionConfig = config.getConnections();
        Duration skew = connectionConfig.getRefreshSkew().toJavaDuration();
        Duration refreshWait = connectionConfig.getRefreshWait().toJavaDuration();
        ConnectionStore connectionStore = new ConnectionStore(jdbi);
        // The operator's machine clients: their connections are made and renewed with the client_credentials grant
        ClientCredentialsClients machineClients = new ClientCredentialsClients(
                config.getRegistration().getClientCredentials());
        ClientCredentialsCall machineCall = new ClientCredentialsCall(machineClients, discovery, tokenEndpoint, clock);
        RefreshLease refreshLease = new RefreshLease(jdbi, connectionStore, vault,
                new RefreshCall(discovery, clients, tokenEndpoint, clock, Optional.of(machineCall)), eventWriter, skew,
                refreshWait, clock, metrics);
        // Token reads are audited in batches off the request path: a read is one indexed query and a decryption.
        AuditBatcher tokenReads = new AuditBatcher(audit, Duration.ofMillis(250), 10_000);
        environment.lifecycle().manage(tokenReads);
        ConnectionService connections = new ConnectionService(connectionStore, vault,
                new TokenRefresher(refreshLease, refreshWait, metrics), new Revoker(discovery, clients, nimbusHttp, audit,
                clock, hooks), eventWriter, audit, tokenReads, skew, clock, metrics);

        // Upstream MCP servers registered for the gateway
        UpstreamServers upstreamServers = new UpstreamServers(jdbi, audit, clock, new UpstreamUrlPolicy(developmentMode),
                config.getPublicBaseUrl());

        // API and browser pages
        environment.jersey().register(new MetaResource(BuildInfo.load()));
        environment.jersey().register(new OpenApiResource(OpenApiResource.servedAt(config.getPublicBaseUrl())));
        environment.jersey().register(new WhoAmIResource());
        environment.jersey().register(new ConnectionResource(connections));
        environment.jersey().register(new ServersResource(upstreamServers));
        // Gateway tokens: what MCP clients will present to the gateway, minted by the tenant's API key
        GatewayTokens gatewayTokens = new GatewayTokens(jdbi, audit, clock);
        environment.jersey().register(new GatewayTokensResource(gatewayTokens));
        // The subject's token for a server, or a new flow: POST /v1/token and the gateway decide alike
        ConnectionOrFlow connectionOrFlow = new ConnectionOrFlow(starter, ConnectionOrFlow.PendingFlows.in(flowStore,
                events.store(), links, clock), connections, discovery, clock, flowStarts,
                Optional.of(new ClientCredentialsConnections(machineClients, machineCall, connectionStore,
                        new ConnectionWriter(vault, clock), connections)));
        environment.jersey().register(new TokenShortcutResource(flowRequests, connectionOrFlow));
        environment.jersey().register(new FlowResource(flowRequests, connectionOrFlow, flowService));
        // Users sign in at the operator's identity providers (/signin); the pages that need a person ask its gate
        signIn = SignInFeature.install(environment, config.getSignIn(), config.getPublicBaseUrl(),
                new SignInFeature.Needs(jdbi, sealer, outboundHttp, audit, metrics, clock));
        Optional<SignInGate> signInGate = signInGate(config, signIn);
        // Latchkey as the authorization server of its gateway, for standard MCP clients (off unless configured)
        if (config.getAuthorizationServer().isEnabled()) {
            issuer = Optional.of(IssuerFeature.install(environment, config.getAuthorizationServer(),
                    new IssuerFeature.Needs(jdbi, keyring, signer, outboundHttp, developmentMode,
                            signInGate.orElseThrow(IssuerFeature::signInMissing),
                            (tenant, slug) -> upstreamServers.bySlug(tenant, slug).map(UpstreamServer::name), audit,
                            metrics, config.getPublicBaseUrl(), clock)));
        }
        // The gateway's callers: gateway tokens, and the access tokens Latchkey issued for exactly the route
        GatewayCredentials gatewayCredentials = (bearer, route) -> gatewayTokens.authenticate(bearer)
                .or(() -> route.flatMap(slug -> issuer.flatMap(server -> server.accessTokens().authenticate(bearer,
                        slug))));
        // The MCP gateway: /mcp/{slug}, its sessions and streams; each route's metadata when Latchkey issues tokens
        GatewayFeature.install(environment, config.getGateway(), gatewayCredentials,
                issuer.map(server -> config.getAuthorizationServer().getScopes()),
                new GatewayFeature.Needs(jdbi, sealer, guardedHttp, upstreamServers, connectionOrFlow,
                        flowId -> flowStore.find(flowId).map(Flow::status), dpopProofs, config.getPublicBaseUrl(),
                        environment.getObjectMapper(), clock));
        // Latchkey's own MCP server: /mcp (exact), tools for the model, behind the same gateway tokens
        AssistantMcpServer assistant = new AssistantMcpServer(gatewayTokens::authenticate,
                new LatchkeyBackend(upstreamServers, connections, connectionOrFlow, flowService),
                config.getPublicBaseUrl(), BuildInfo.load().version(), config.getGateway().getMaxRequestBody().toBytes());
        assistant.register(environment.servlets());
        environment.lifecycle().manage(assistant);
        environment.jersey().register(new BrowserResource(landing, callbacks,
                new BindingCookie(config.getPublicBaseUrl()), TenantNames.of(config.getTenants()),
                signInGate.map(gate -> new PersonalLinks(gate, (tenant, subject) -> issuer
                        .map(server -> server.sessions().signsInHere(tenant, subject)).orElse(false)))));
        environment.jersey().register(new BrowserErrorPages());

        // Admin console: its actions go through the services that own the data, which audit the operator
        console.register(environment, new ConsoleActions(flowService::cancelByOperator, clients::invalidateByOperator,
                connections::disconnectByOperator, webhooks.deliveries()::retryByOperator,
                webhooks.webhooks()::disableByOperator, gatewayTokens::revokeByOperator), webhooks.deliveryQueries(),
                plugins, upstreamServers, gatewayTokens, machineClients);
        console.registerUserSessions(environment, signIn.sessions());
        issuer.ifPresent(server -> console.registerMcpAccess(environment, server.sessions(), clock));
    }

    /**
     * User sign-in for the pages that need a person (the authorization server's, the landing page): the
     * identity providers' when {@code signIn:} configures any. A test may put a sign-in of its own here.
     */
    protected Optional<SignInGate> signInGate(LatchkeyConfiguration config, SignInFeature signIn) {
        return config.getSignIn().isConfigured() ? Optional.of(signIn.gate()) : Optional.empty();
    }

    /** The authorization server, when it is enabled; set once run() has wired it. */
    public Optional<IssuerFeature> issuer() {
        return issuer;
    }

    /** The loaded provider plugins and profiles (for the console); set once run() has wired them. */
    public PluginCatalog plugins() {
        return plugins;
    }

    /** User sign-in (its gate and sessions); set once run() has wired it. */
    public SignInFeature signIn() {
        return signIn;
    }

    /** The start-up rehearsal, wired on the server's database and API; set once run() has wired it. */
    public StartupRehearsal rehearsal() {
        return rehearsal;
    }

    /** The running event feature (its writer, webhooks and delivery queries); set once run() has wired it. */
    public EventFeature events() {
        return events;
    }
}
