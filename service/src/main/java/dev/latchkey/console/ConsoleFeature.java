package dev.latchkey.console;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.gateway.servers.UpstreamServers;
import dev.latchkey.gateway.tokens.GatewayTokens;
import dev.latchkey.issuer.McpSessions;
import dev.latchkey.limits.ClientAddresses;
import dev.latchkey.plugin.PluginCatalog;
import dev.latchkey.registration.ClientCredentialsClients;
import dev.latchkey.signin.UserSessions;
import dev.latchkey.webhook.DeliveryQueries;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin console, wired in one place: its session authenticator (for the application's
 * polymorphic dropwizard-auth feature), its filters and its resources under {@code /console}.
 */
public final class ConsoleFeature {

    private final ConsoleFactory config;
    private final URI publicBaseUrl;
    private final Jdbi jdbi;
    private final AuditLog auditLog;
    private final Clock clock;
    private final ConsolePages pages;
    private final Operators operators;
    private final ConsoleSessions sessions;
    private final ConsoleAudit audit;
    private final ClientAddresses addresses;

    /** {@code addresses}: how a sign-in's client address is told behind trusted reverse proxies (X-Forwarded-For). */
    public ConsoleFeature(ConsoleFactory config, URI publicBaseUrl, Jdbi jdbi, AuditLog auditLog,
                          ClientAddresses addresses, Clock clock) {
        this.config = config;
        this.addresses = addresses;
        this.publicBaseUrl = publicBaseUrl;
        this.jdbi = jdbi;
        this.auditLog = auditLog;
        this.clock = clock;
        this.pages = new ConsolePages(new ConsoleFormat(clock));
        this.operators = new Operators(config.getOperators(), jdbi, clock);
        this.sessions = new ConsoleSessions(jdbi, operators, clock, config.getIdleTimeout().toJavaDuration(),
                config.getAbsoluteTimeout().toJavaDuration());
        this.audit = new ConsoleAudit(auditLog);
    }

    /** Whether anyone can sign in to the console yet (configured or added operators). */
    public boolean hasOperators() {
        return !operators.list().isEmpty();
    }

    /** The dropwizard-auth filter that turns the session cookie into an {@link Operator}. */
    public ConsoleAuthFilter authFilter() {
        return ConsoleAuthFilter.using(sessions, pages);
    }

    public void register(Environment environment, ConsoleActions actions, DeliveryQueries deliveryQueries,
                         PluginCatalog plugins, UpstreamServers servers, GatewayTokens gatewayTokens,
                         ClientCredentialsClients machineClients) {
        environment.servlets().addFilter("console-headers", new ConsoleHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/console", "/console/*");
        environment.jersey().register(new CsrfFilter(pages, audit));
        environment.jersey().register(new ConsoleErrorPages(pages));
        environment.jersey().register(new ConsoleStaticResource());
        environment.jersey().register(new ConsoleLoginResource(operators,
                sessions, new LoginThrottle(jdbi, clock, config.throttlePolicy()), new ConsoleCookies(publicBaseUrl),
                pages, audit, addresses));
        DeliveryRows deliveries = new DeliveryRows(deliveryQueries);
        environment.jersey().register(new ConsoleOverviewResource(new OverviewQueries(jdbi, clock), deliveries,
                plugins, auditLog, pages));
        environment.jersey().register(new ConsoleFlowsResource(new FlowQueries(jdbi, clock), deliveries,
                actions.flows(), pages));
        environment.jersey().register(new ConsoleRecordsResource(new ClientQueries(jdbi),
                new ConnectionQueries(jdbi, machineClients), actions.clients(), actions.connections(), pages));
        environment.jersey().register(new ConsoleServersResource(servers, pages));
        environment.jersey().register(new ConsoleDeliveriesResource(deliveries, actions.deliveries(),
                actions.webhooks(), pages));
        environment.jersey().register(new ConsoleGatewayTokensResource(gatewayTokens, actions.gatewayTokens(),
                pages));
    }

    /** The people signed in at the identity providers: listed per tenant and subject, ended by an operator. */
    public void registerUserSessions(Environment environment, UserSessions userSessions) {
        environment.jersey().register(new ConsoleUserSessionsResource(userSessions, pages));
    }

    /** What the authorization server knows of MCP clients, their users' sign-ins and consents. */
    public void registerMcpAccess(Environment environment, McpSessions sessions, Clock clock) {
        environment.jersey().register(new ConsoleMcpAccessResource(sessions, pages, clock));
    }
}
