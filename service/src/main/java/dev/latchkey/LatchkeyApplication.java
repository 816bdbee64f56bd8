package dev.latchkey;

import dev.latchkey.api.BodySizeLimitFilter;
import dev.latchkey.api.BuildInfo;
import dev.latchkey.api.JsonExceptionMapper;
import dev.latchkey.api.MetaResource;
import dev.latchkey.api.ProblemExceptionMapper;
import dev.latchkey.api.RequestIdFilter;
import dev.latchkey.api.UnexpectedExceptionMapper;
import dev.latchkey.api.ValidationExceptionMapper;
import dev.latchkey.api.WebApplicationExceptionMapper;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.ApiKeyAuthFilter;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.auth.Caller;
import dev.latchkey.auth.WhoAmIResource;
import dev.latchkey.cli.ApiKeysCommand;
import dev.latchkey.cli.KeysCommand;
import dev.latchkey.cli.OperatorsCommand;
import dev.latchkey.console.ConsoleActions;
import dev.latchkey.console.ConsoleFeature;
import dev.latchkey.console.Operator;
import dev.latchkey.console.PluginCatalog;
import dev.latchkey.security.KeyringHealthCheck;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.security.Signer;
import dev.latchkey.store.Database;
import io.dropwizard.auth.PolymorphicAuthDynamicFeature;
import io.dropwizard.auth.PolymorphicAuthValueFactoryProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.views.common.ViewBundle;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Latchkey: an OAuth broker for AI assistants that use MCP servers. */
public class LatchkeyApplication extends Application<LatchkeyConfiguration> {

    public static void main(String[] args) throws Exception {
        // The embedded H2 lets CLI commands share the database file through a server that must only
        // ever listen on loopback.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        new LatchkeyApplication().run(args);
    }

    @Override
    public String getName() {
        return "latchkey";
    }

    @Override
    public void initialize(Bootstrap<LatchkeyConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new ViewBundle<>() {
            // A template error must fail the response, never print a stack trace into the page.
            @Override
            public Map<String, Map<String, String>> getViewConfiguration(LatchkeyConfiguration configuration) {
                return Map.of("freemarker", Map.of("template_exception_handler", "rethrow",
                        "log_template_exceptions", "false", "output_encoding", "UTF-8",
                        "url_escaping_charset", "UTF-8"));
            }
        });
        bootstrap.addCommand(new ApiKeysCommand());
        bootstrap.addCommand(new KeysCommand());
        bootstrap.addCommand(new OperatorsCommand());
    }

    @Override
    public void run(LatchkeyConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();

        // Storage and keys
        Jdbi jdbi = Database.open(environment, config.getDatabase());
        KeyringSource keyring = config.getKeyring().build(clock);
        Sealer sealer = new Sealer(keyring);
        Signer signer = new Signer(keyring);
        environment.healthChecks().register("keyring", new KeyringHealthCheck(sealer, signer));
        AuditLog audit = new AuditLog(jdbi, clock);

        // Callers
        ApiKeys apiKeys = new ApiKeys(jdbi, clock);
        ConsoleFeature console = new ConsoleFeature(config.getConsole(), config.getPublicBaseUrl(), jdbi, audit, clock);
        environment.jersey().register(new PolymorphicAuthDynamicFeature<>(Map.of(
                Caller.class, ApiKeyAuthFilter.using(apiKeys),
                Operator.class, console.authFilter())));
        environment.jersey().register(new PolymorphicAuthValueFactoryProvider.Binder<>(
                Set.of(Caller.class, Operator.class)));

        // Uniform errors and request ids
        environment.servlets().addFilter("request-id", new RequestIdFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        environment.jersey().register(new BodySizeLimitFilter(config.getApi().getMaxRequestBytes()));
        environment.jersey().register(new ProblemExceptionMapper());
        environment.jersey().register(new WebApplicationExceptionMapper());
        environment.jersey().register(new JsonExceptionMapper());
        environment.jersey().register(new ValidationExceptionMapper());
        environment.jersey().register(new UnexpectedExceptionMapper());

        // API
        environment.jersey().register(new MetaResource(BuildInfo.load()));
        environment.jersey().register(new WhoAmIResource());

        // Admin console (its actions as local SQL until the owning services are wired to its ports)
        console.register(environment, ConsoleActions.local(jdbi, clock), PluginCatalog.EMPTY);
    }
}
