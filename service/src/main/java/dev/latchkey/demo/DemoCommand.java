package dev.latchkey.demo;

import dev.latchkey.config.LatchkeyConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code java -jar latchkey.jar demo [config.yml]}: Latchkey on the embedded default, with its data in
 * {@code ./demo-data/}, beside a demo MCP server and demo authorization server of its own (same JVM,
 * 127.0.0.1); once it listens, {@link DemoWalkthrough} plays the assistant and prints the link to
 * open. Development only: Latchkey may reach loopback addresses for it.
 */
public final class DemoCommand extends ServerCommand<LatchkeyConfiguration> {

    static final Path DATA = Path.of("demo-data");

    private DemoPeer peer;

    public DemoCommand(Application<LatchkeyConfiguration> application) {
        super(application, "demo", "Runs Latchkey with a demo MCP server and authorization server of its own and "
                + "starts a flow to try in a browser (development only; data in ./demo-data)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        // The configuration file is optional here: the repository's config.yml by default.
        if (namespace.getString("file") == null) {
            namespace.getAttrs().put("file", "config.yml");
        }
        super.run(bootstrap, namespace);
    }

    @Override
    protected void run(Bootstrap<LatchkeyConfiguration> bootstrap, Namespace namespace,
                       LatchkeyConfiguration configuration) throws Exception {
        configuration.getDatabase().setUrl("jdbc:h2:file:" + DATA.resolve("latchkey").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        configuration.getKeyring().setFile(DATA.resolve("keyring.json").toString());
        configuration.getKeyring().setEnvironmentVariable("");
        configuration.getKeyring().setJson("");
        configuration.getPlugins().setDirectory(DATA.resolve("plugins").toString());
        // The demo's servers are on 127.0.0.1: the development switch, never for production.
        configuration.getEgress().setAllowPrivateNetworks(true);
        // The walkthrough makes the API key and the operator itself and says so.
        configuration.setFirstStartGuide(false);
        peer = DemoPeer.start(Clock.systemUTC());
        super.run(bootstrap, namespace, configuration);
    }

    @Override
    protected void run(Environment environment, Namespace namespace, LatchkeyConfiguration configuration)
            throws Exception {
        DemoWalkthrough walkthrough = new DemoWalkthrough(configuration, peer, System.out);
        environment.lifecycle().addServerLifecycleListener(server -> walkthrough.startInBackground());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() throws Exception {
                walkthrough.stop();
                peer.close();
            }
        });
        super.run(environment, namespace, configuration);
    }
}
