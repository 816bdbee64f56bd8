package dev.latchkey.probe;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code latchkey probe [options] <mcp-url>}: runs the whole authorization flow against a real
 * MCP server through a throw-away in-process Latchkey, prints a step-by-step report to stderr
 * and exits 0 only if every step worked. Needs no configuration file.
 */
public final class ProbeCommand extends Command {

    private final InProcessLatchkey latchkey;

    public ProbeCommand(InProcessLatchkey latchkey) {
        super("probe", "Run the whole authorization flow against an MCP server and report each step");
        this.latchkey = latchkey;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--subject").setDefault("probe").help("the subject to authorize (default: probe)");
        subparser.addArgument("--interactive").action(Arguments.storeTrue())
                .help("print the authorization link and wait for a person instead of following it headlessly");
        subparser.addArgument("--timeout").setDefault("5m").help("how long to wait for the callback (default: 5m)");
        subparser.addArgument("--tool").help("the tool to call (default: test-tool if listed, else the first)");
        subparser.addArgument("--args").setDefault("{}").help("the tool arguments as a JSON object (default: {})");
        subparser.addArgument("--client-metadata-url").dest("clientMetadataUrl")
                .help("the Client ID Metadata Document URL to present as client_id where supported");
        subparser.addArgument("--legacy").action(Arguments.storeTrue())
                .help("also accept 2025-03-26 servers without protected-resource metadata");
        subparser.addArgument("--client-id").dest("clientId").help("a pre-registered client id (any issuer)");
        subparser.addArgument("--client-secret").dest("clientSecret")
                .help("its secret (or set " + ProbeOptions.SECRET_ENV + ")");
        subparser.addArgument("--auth-method").dest("authMethod")
                .help("client_secret_basic (default with a secret), client_secret_post or none");
        subparser.addArgument("url").metavar("MCP-URL").help("the MCP server's Streamable HTTP endpoint");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        PrintStream err = System.err;
        ProbeOptions options;
        try {
            options = ProbeOptions.from(raw(namespace), System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("latchkey probe: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status = new Probe(options, new ProbeReport(err), latchkey).run();
        System.exit(status);
    }

    static ProbeOptions.Raw raw(Namespace ns) {
        return new ProbeOptions.Raw(ns.getString("url"), ns.getString("subject"), ns.getBoolean("interactive"),
                ns.getString("timeout"), ns.getString("tool"), ns.getString("args"), ns.getString("clientMetadataUrl"),
                ns.getBoolean("legacy"), ns.getString("clientId"), ns.getString("clientSecret"),
                ns.getString("authMethod"));
    }
}
