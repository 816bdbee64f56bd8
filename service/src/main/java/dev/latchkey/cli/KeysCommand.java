package dev.latchkey.cli;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.connection.ConnectionStore;
import dev.latchkey.reseal.Resealer;
import dev.latchkey.reseal.SealedUsage;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.security.KeyEntry;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringFactory;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.store.Database;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code keys list FILE}, {@code keys rotate [--use enc|sig|dpop|at|all] FILE}, {@code keys reseal [--batch N] FILE},
 * {@code keys retire KID FILE}. Rotation adds a new active key; older keys keep decrypting and
 * verifying until retired. Reseal moves every sealed row to the active key; an encryption key is
 * retired only once no row uses it. When the keyring comes from configuration, the updated keyring
 * JSON is printed for the operator to store.
 */
public final class KeysCommand extends ActionCommand {

    private final PrintStream out;

    public KeysCommand() {
        this(System.out);
    }

    KeysCommand(PrintStream out) {
        super("keys", "List, rotate, reseal under and retire signing and encryption keys",
                List.of("list", "rotate", "reseal", "retire"));
        this.out = out;
    }

    @Override
    protected void configureOptions(Subparser subparser) {
        subparser.addArgument("--use").choices("enc", "sig", "dpop", "at", "all").setDefault("all")
                .help("which key to rotate");
        subparser.addArgument("--batch").type(Integer.class).setDefault(500)
                .help("rows read and resealed per batch");
    }

    @Override
    protected void run(Bootstrap<LatchkeyConfiguration> bootstrap, Namespace namespace,
                       LatchkeyConfiguration configuration) throws Exception {
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
            case "reseal" -> reseal(configuration, keyring, namespace.getInt("batch"));
            case "retire" -> {
                String kid = requireTarget(namespace, "the key id");
                Keyring retired = keyring.retire(kid, clock);
                refuseWhileSealedDataUses(configuration, keyring, kid);
                warnOfBoundConnections(configuration, keyring, kid);
                store(factory, retired);
                list(retired);
            }
            default -> throw new IllegalArgumentException("unknown action");
        }
    }

    private void reseal(LatchkeyConfiguration configuration, Keyring keyring, int batch) throws Exception {
        Resealer.Report report;
        try (Database.Standalone db = Database.openStandalone(configuration.getDatabase())) {
            report = new Resealer(db.jdbi(), KeyringSource.fixed(keyring), batch).resealAll();
        }
        out.println("Resealed under " + report.activeKid() + ":");
        out.printf("%-20s %10s %10s %10s%n", "TABLE", "RESEALED", "UNREADABLE", "CHANGING");
        for (Resealer.TableOutcome table : report.tables()) {
            out.printf("%-20s %10d %10d %10d%n", table.table(), table.resealed(), table.unreadable(),
                    table.stillChanging());
        }
        out.flush();
        if (report.tables().stream().anyMatch(t -> t.stillChanging() > 0)) {
            throw new IllegalStateException("some rows changed under every pass; run keys reseal again");
        }
        if (report.tables().stream().anyMatch(t -> t.unreadable() > 0)) {
            out.println("Unreadable rows were sealed with a key this keyring cannot open (retired or unknown): "
                    + "they stay as they are.");
        }
    }

    /** Retiring an encryption key that still seals a row would make that row unreadable for good. */
    private void refuseWhileSealedDataUses(LatchkeyConfiguration configuration, Keyring keyring, String kid)
            throws Exception {
        boolean encryption = keyring.keys().stream().anyMatch(k -> k.kid().equals(kid) && k.use() == KeyUse.ENCRYPTION);
        if (!encryption) {
            return;
        }
        Map<String, Long> rows;
        try (Database.Standalone db = Database.openStandalone(configuration.getDatabase())) {
            rows = new SealedUsage(db.jdbi()).rowsSealedWith(kid);
        }
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        out.println("Rows still sealed with " + kid + ":");
        rows.forEach((table, count) -> out.printf("%-20s %10d%n", table, count));
        out.flush();
        throw new IllegalStateException(total + " rows still use key " + kid
                + "; run keys reseal first (it moves them to the active key), then retire it");
    }

    /**
     * A DPoP key cannot be resealed away from: the tokens bound to it work with it alone. Retiring it ends
     * those connections (their users authorize again), so say how many there are.
     */
    private void warnOfBoundConnections(LatchkeyConfiguration configuration, Keyring keyring, String kid)
            throws Exception {
        Optional<KeyEntry> dpop = keyring.keys().stream().filter(k -> k.kid().equals(kid) && k.use() == KeyUse.DPOP)
                .findFirst();
        if (dpop.isEmpty()) {
            return;
        }
        long bound;
        try (Database.Standalone db = Database.openStandalone(configuration.getDatabase())) {
            bound = new ConnectionStore(db.jdbi()).activeBoundTo(DPoPKey.of(dpop.get()).thumbprint());
        }
        out.println(bound + " active connections hold tokens bound to DPoP key " + kid
                + "; they need a new authorization once it is retired.");
        out.flush();
    }

    private void store(KeyringFactory factory, Keyring keyring) {
        if (factory.suppliedInline()) {
            out.println("The keyring comes from configuration. Store this updated keyring there (it is secret), "
                    + "then restart the instances:");
            out.println(keyring.toJson());
        } else {
            factory.save(keyring);
            out.println("Saved " + factory.path() + ". Running instances use it within keyring.reloadInterval ("
                    + factory.getReloadInterval() + "): new keys for decryption at once, the new active key for "
                    + "encryption and signing, and a retired key no more.");
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
