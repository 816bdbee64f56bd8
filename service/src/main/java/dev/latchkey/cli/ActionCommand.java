package dev.latchkey.cli;

import dev.latchkey.config.LatchkeyConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * A command of the form {@code <name> <action> [target] <config file>}, e.g.
 * {@code api-keys revoke lk_abc config.yml}: the last positional argument is the configuration.
 */
abstract class ActionCommand extends ConfiguredCommand<LatchkeyConfiguration> {

    static final String ACTION = "action";
    static final String TARGET = "target";

    private final List<String> actions;

    ActionCommand(String name, String description, List<String> actions) {
        super(name, description);
        this.actions = List.copyOf(actions);
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument(ACTION).choices(actions.toArray()).help(String.join(" | ", actions));
        subparser.addArgument("arguments").nargs("+").metavar("[TARGET] FILE")
                .help("the target of the action where it takes one, then the configuration file");
        configureOptions(subparser);
    }

    protected abstract void configureOptions(Subparser subparser);

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        List<String> arguments = namespace.getList("arguments");
        Map<String, Object> attributes = new HashMap<>(namespace.getAttrs());
        attributes.put("file", arguments.get(arguments.size() - 1));
        attributes.put(TARGET, arguments.size() > 1 ? arguments.get(0) : null);
        if (arguments.size() > 2) {
            throw new IllegalArgumentException("too many arguments: expected [TARGET] FILE");
        }
        super.run(bootstrap, new Namespace(attributes));
    }

    /** A failed command says why in one line: no stack trace, and never a secret. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println(getName() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    static String requireTarget(Namespace namespace, String what) {
        String target = namespace.getString(TARGET);
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("this action needs " + what + " before the configuration file");
        }
        return target;
    }
}
