package dev.latchkey.cli;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.console.Operators;
import dev.latchkey.store.Database;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code operators add NAME [--password-stdin] FILE}, {@code operators remove NAME FILE} and
 * {@code operators list FILE}: console operators kept in the database. The password is prompted
 * for on a terminal, or read as the first line of standard input; it never appears on the command
 * line. Adding an existing name changes its password; that and removal end the operator's console
 * sessions, also on a server running on the same database.
 */
public final class OperatorsCommand extends ActionCommand {

    private final PrintStream out;
    private final InputStream in;
    private final Console terminal;

    public OperatorsCommand() {
        this(System.out, System.in, System.console());
    }

    /** With the given streams; {@code terminal} null reads the password from {@code in}. */
    public OperatorsCommand(PrintStream out, InputStream in, Console terminal) {
        super("operators", "Add, remove and list admin console operators", List.of("add", "remove", "list"));
        this.out = out;
        this.in = in;
        this.terminal = terminal;
    }

    @Override
    protected void configureOptions(Subparser subparser) {
        subparser.addArgument("--password-stdin").action(Arguments.storeTrue())
                .help("read the password from the first line of standard input (add)");
    }

    @Override
    protected void run(Bootstrap<LatchkeyConfiguration> bootstrap, Namespace namespace,
                       LatchkeyConfiguration configuration) throws Exception {
        try (Database.Standalone db = Database.openStandalone(configuration.getDatabase())) {
            Clock clock = Clock.systemUTC();
            Operators operators = new Operators(configuration.getConsole().getOperators(), db.jdbi(), clock);
            switch (namespace.getString(ACTION)) {
                case "add" -> add(operators, new AuditLog(db.jdbi(), clock), requireTarget(namespace, "the operator name"),
                        Boolean.TRUE.equals(namespace.getBoolean("password_stdin")));
                case "remove" -> remove(operators, new AuditLog(db.jdbi(), clock),
                        requireTarget(namespace, "the operator name"));
                case "list" -> list(operators);
                default -> throw new IllegalArgumentException("unknown action");
            }
        }
    }

    private void add(Operators operators, AuditLog audit, String name, boolean fromStdin) throws IOException {
        char[] password = fromStdin || terminal == null ? readLine() : prompt();
        boolean added;
        try {
            added = operators.add(name, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        audit.record(AuditEntry.ActorType.CLI, "cli", null,
                added ? "console.operator_add" : "console.operator_password", "operator", name,
                AuditEntry.Outcome.SUCCESS, added ? null : "password changed; sessions ended");
        out.println(added ? "Saved operator " + name + ". They can sign in at /console."
                : "Changed the password of operator " + name + "; their console sessions have ended.");
        out.flush();
    }

    private void remove(Operators operators, AuditLog audit, String name) {
        if (!operators.remove(name)) {
            throw new IllegalArgumentException("no operator " + name + " in the database");
        }
        audit.record(AuditEntry.ActorType.CLI, "cli", null, "console.operator_remove", "operator", name,
                AuditEntry.Outcome.SUCCESS, "sessions ended");
        out.println("Removed operator " + name + "; their console sessions have ended.");
        out.flush();
    }

    private char[] prompt() {
        char[] first = terminal.readPassword("Password for the operator: ");
        char[] second = terminal.readPassword("Repeat the password: ");
        if (first == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the passwords did not match");
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private char[] readLine() throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
    }

    private void list(Operators operators) {
        out.printf("%-32s %-14s %s%n", "NAME", "SOURCE", "ADDED");
        for (Operators.Listed op : operators.list()) {
            out.printf("%-32s %-14s %s%n", op.name(), op.source(),
                    op.createdAt() == null ? "-" : Instant.ofEpochMilli(op.createdAt()).toString().substring(0, 19) + "Z");
        }
        out.flush();
    }
}
