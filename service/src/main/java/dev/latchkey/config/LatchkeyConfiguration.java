package dev.latchkey.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.api.ApiLimitsFactory;
import dev.latchkey.connection.ConnectionsFactory;
import dev.latchkey.console.ConsoleFactory;
import dev.latchkey.discovery.DiscoveryFactory;
import dev.latchkey.event.EventsFactory;
import dev.latchkey.flow.FlowsFactory;
import dev.latchkey.gateway.GatewayFactory;
import dev.latchkey.idempotency.IdempotencyFactory;
import dev.latchkey.issuer.IssuerFactory;
import dev.latchkey.limits.LimitsFactory;
import dev.latchkey.plugin.PluginsFactory;
import dev.latchkey.registration.RegistrationFactory;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.security.KeyringFactory;
import dev.latchkey.signin.SignInFactory;
import dev.latchkey.tenant.TenantFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The whole of Latchkey's configuration; each feature owns its own factory section. */
public class LatchkeyConfiguration extends Configuration {

    @NotNull
    private URI publicBaseUrl = URI.create("http://127.0.0.1:8080");

    private boolean firstStartGuide = true;

    @Valid
    @NotNull
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    private KeyringFactory keyring = new KeyringFactory();

    @Valid
    @NotNull
    private EgressFactory egress = new EgressFactory();

    @Valid
    @NotNull
    private ApiLimitsFactory api = new ApiLimitsFactory();

    @Valid
    @NotNull
    private IdempotencyFactory idempotency = new IdempotencyFactory();

    @Valid
    @NotNull
    private LimitsFactory limits = new LimitsFactory();

    @Valid
    @NotNull
    private DiscoveryFactory discovery = new DiscoveryFactory();

    @Valid
    @NotNull
    private RegistrationFactory registration = new RegistrationFactory();

    @Valid
    @NotNull
    private FlowsFactory flows = new FlowsFactory();

    @Valid
    @NotNull
    private ConnectionsFactory connections = new ConnectionsFactory();

    @Valid
    @NotNull
    private EventsFactory events = new EventsFactory();

    @Valid
    @NotNull
    private PluginsFactory plugins = new PluginsFactory();

    @Valid
    @NotNull
    private GatewayFactory gateway = new GatewayFactory();

    @Valid
    @NotNull
    private SignInFactory signIn = new SignInFactory();

    /** Per tenant id (the form API keys use), what users are shown; a tenant not listed is shown by its id. */
    @NotNull
    private Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "must be a tenant id") String,
            @Valid @NotNull TenantFactory> tenants = new LinkedHashMap<>();

    @JsonProperty
    public Map<String, TenantFactory> getTenants() {
        return tenants;
    }

    @JsonProperty
    public void setTenants(Map<String, TenantFactory> tenants) {
        this.tenants = tenants;
    }

    @JsonProperty
    public SignInFactory getSignIn() {
        return signIn;
    }

    @JsonProperty
    public void setSignIn(SignInFactory signIn) {
        this.signIn = signIn;
    }

    /** A user who signs in is put in the tenant of their identity provider: it must be one Latchkey knows. */
    @ValidationMethod(message = "signIn: each identity provider's tenant (and the development login's) must be"
            + " default or a tenant under tenants:")
    @JsonIgnore
    public boolean isSignInTenantKnown() {
        return signIn == null || tenants == null || signIn.unknownTenants(tenants.keySet()).isEmpty();
    }

    @JsonProperty
    public PluginsFactory getPlugins() {
        return plugins;
    }

    @JsonProperty
    public void setPlugins(PluginsFactory plugins) {
        this.plugins = plugins;
    }

    @Valid
    @NotNull
    private IssuerFactory authorizationServer = new IssuerFactory();

    @JsonProperty
    public IssuerFactory getAuthorizationServer() {
        return authorizationServer;
    }

    @JsonProperty
    public void setAuthorizationServer(IssuerFactory authorizationServer) {
        this.authorizationServer = authorizationServer;
    }

    @JsonProperty
    public GatewayFactory getGateway() {
        return gateway;
    }

    @JsonProperty
    public void setGateway(GatewayFactory gateway) {
        this.gateway = gateway;
    }

    @JsonProperty
    public EventsFactory getEvents() {
        return events;
    }

    @JsonProperty
    public void setEvents(EventsFactory events) {
        this.events = events;
    }

    @Valid
    @NotNull
    private ConsoleFactory console = new ConsoleFactory();

    @JsonProperty
    public ConsoleFactory getConsole() {
        return console;
    }

    @JsonProperty
    public void setConsole(ConsoleFactory console) {
        this.console = console;
    }

    @JsonProperty
    public URI getPublicBaseUrl() {
        return publicBaseUrl;
    }

    /** Whether the first start says what to do next; not configuration: the demo, which does it all, turns it off. */
    @JsonIgnore
    public boolean isFirstStartGuide() {
        return firstStartGuide;
    }

    @JsonIgnore
    public void setFirstStartGuide(boolean firstStartGuide) {
        this.firstStartGuide = firstStartGuide;
    }

    @JsonProperty
    public void setPublicBaseUrl(URI publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    @JsonProperty
    public KeyringFactory getKeyring() {
        return keyring;
    }

    @JsonProperty
    public void setKeyring(KeyringFactory keyring) {
        this.keyring = keyring;
    }

    @JsonProperty
    public EgressFactory getEgress() {
        return egress;
    }

    @JsonProperty
    public void setEgress(EgressFactory egress) {
        this.egress = egress;
    }

    @JsonProperty
    public FlowsFactory getFlows() {
        return flows;
    }

    @JsonProperty
    public void setFlows(FlowsFactory flows) {
        this.flows = flows;
    }

    @JsonProperty
    public ConnectionsFactory getConnections() {
        return connections;
    }

    @JsonProperty
    public void setConnections(ConnectionsFactory connections) {
        this.connections = connections;
    }

    @JsonProperty
    public IdempotencyFactory getIdempotency() {
        return idempotency;
    }

    @JsonProperty
    public void setIdempotency(IdempotencyFactory idempotency) {
        this.idempotency = idempotency;
    }

    @JsonProperty
    public ApiLimitsFactory getApi() {
        return api;
    }

    @JsonProperty
    public void setApi(ApiLimitsFactory api) {
        this.api = api;
    }

    @JsonProperty
    public LimitsFactory getLimits() {
        return limits;
    }

    @JsonProperty
    public void setLimits(LimitsFactory limits) {
        this.limits = limits;
    }

    @JsonProperty
    public DiscoveryFactory getDiscovery() {
        return discovery;
    }

    @JsonProperty
    public void setDiscovery(DiscoveryFactory discovery) {
        this.discovery = discovery;
    }

    @JsonProperty
    public RegistrationFactory getRegistration() {
        return registration;
    }

    @JsonProperty
    public void setRegistration(RegistrationFactory registration) {
        this.registration = registration;
    }
}
