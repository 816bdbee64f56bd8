package dev.latchkey.cli;

import dev.latchkey.LatchkeyConfiguration;
import dev.latchkey.security.KeyEntry;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringFactory;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code keys list FILE}, {@code keys rotate [--use enc|sig|all] FILE}, {@code keys retire KID FILE}.
 * Rotation adds a new active key; older keys keep decrypting and verifying until retired. When the
 * keyring comes from configuration, the updated keyring JSON is printed for the operator to store.
 */
public final class KeysCommand extends ActionCommand {

    private final PrintStream out;

    public KeysCommand() {
        this(System.out);
    }

    KeysCommand(PrintStream out) {
        super("keys", "List, rotate and retire signing and encryption keys", List.of("list", "rotate", "retire"));
        this.out = out;
    }

    @Override
    protected void configureOptions(Subparser subparser) {
        subparser.addArgument("--use").choices("enc", "sig", "all").setDefault("all")
                .help("which key to rotate");
    }

    @Override
    protected void run(Bootstrap<LatchkeyConfiguration> bootstrap, Namespace namespace,
                       LatchkeyConfiguration configuration) {
        KeyringFactory factory = configuration.getKeyring();
        Clock clock = Clock.systemUTC();
        Keyring keyring = factory.loadOrCreate(clock);
        switch (namespace.getString(ACTION)) {
            case "list" -> list(keyring);
            case "rotate" -> {
                String use = namespace.getString("use");
                for (KeyUse keyUse : KeyUse.values()) {
                    if (use.equals("all") || use.equals(keyUse.code())) {
                        keyring = keyring.rotate(keyUse, clock);
                    }
                }
                store(factory, keyring);
                list(keyring);
            }
            case "retire" -> {
                keyring = keyring.retire(requireTarget(namespace, "the key id"), clock);
                store(factory, keyring);
                list(keyring);
            }
            default -> throw new IllegalArgumentException("unknown action");
        }
    }

    private void store(KeyringFactory factory, Keyring keyring) {
        if (factory.suppliedInline()) {
            out.println("The keyring comes from configuration. Store this updated keyring there (it is secret):");
            out.println(keyring.toJson());
        } else {
            factory.save(keyring);
            out.println("Saved " + factory.path() + ". Running instances pick up new keys for decryption at once "
                    + "and start encrypting with them at their next restart.");
        }
    }

    private void list(Keyring keyring) {
        out.printf("%-28s %-4s %-22s %s%n", "KID", "USE", "CREATED", "STATUS");
        for (KeyEntry key : keyring.keys()) {
            String status = key.isRetired() ? "retired"
                    : key.equals(keyring.active(key.use())) ? "active" : "verify/decrypt only";
            out.printf("%-28s %-4s %-22s %s%n", key.kid(), key.use().code(),
                    key.created().toString().substring(0, 19) + "Z", status);
        }
        out.flush();
    }
}
