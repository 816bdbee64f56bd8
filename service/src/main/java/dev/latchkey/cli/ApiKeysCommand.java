package dev.latchkey.cli;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.ApiKey;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.store.Database;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code api-keys create --tenant T [--name N] FILE}, {@code api-keys list [--tenant T] FILE},
 * {@code api-keys revoke PREFIX FILE}. Works beside a running server on the embedded database.
 */
public final class ApiKeysCommand extends ActionCommand {

    private final PrintStream out;

    public ApiKeysCommand() {
        this(System.out);
    }

    ApiKeysCommand(PrintStream out) {
        super("api-keys", "Create, list and revoke API keys", List.of("create", "list", "revoke"));
        this.out = out;
    }

    @Override
    protected void configureOptions(Subparser subparser) {
        subparser.addArgument("--tenant").help("the tenant the key belongs to (create), or to list");
        subparser.addArgument("--name").help("a label for the key (create)");
    }

    @Override
    protected void run(Bootstrap<LatchkeyConfiguration> bootstrap, Namespace namespace,
                       LatchkeyConfiguration configuration) throws Exception {
        try (Database.Standalone db = Database.openStandalone(configuration.getDatabase())) {
            Clock clock = Clock.systemUTC();
            ApiKeys apiKeys = new ApiKeys(db.jdbi(), clock);
            AuditLog audit = new AuditLog(db.jdbi(), clock);
            switch (namespace.getString(ACTION)) {
                case "create" -> create(apiKeys, audit, namespace);
                case "list" -> list(apiKeys, namespace);
                case "revoke" -> revoke(apiKeys, audit, requireTarget(namespace, "the key prefix"));
                default -> throw new IllegalArgumentException("unknown action");
            }
        }
    }

    private void create(ApiKeys apiKeys, AuditLog audit, Namespace namespace) {
        String tenant = namespace.getString("tenant");
        if (tenant == null) {
            throw new IllegalArgumentException("create needs --tenant");
        }
        ApiKeys.Created created = apiKeys.create(tenant, Optional.ofNullable(namespace.getString("name")));
        audit.record(AuditEntry.ActorType.CLI, "cli", tenant, "api_key.create", "api_key",
                "lk_" + created.key().prefix(), AuditEntry.Outcome.SUCCESS, null);
        out.println("Created an API key for tenant '" + tenant + "' with prefix lk_" + created.key().prefix()
                + ". It is shown once; store it now:");
        out.println(created.secret());
        out.flush();
    }

    private void list(ApiKeys apiKeys, Namespace namespace) {
        List<ApiKey> keys = apiKeys.list(Optional.ofNullable(namespace.getString("tenant")));
        out.printf("%-16s %-24s %-24s %-22s %s%n", "PREFIX", "TENANT", "NAME", "CREATED", "STATUS");
        for (ApiKey key : keys) {
            out.printf("%-16s %-24s %-24s %-22s %s%n", "lk_" + key.prefix(), key.tenant(), key.name().orElse("-"),
                    key.createdAt().toString().substring(0, 19) + "Z",
                    key.revokedAt().map(at -> "revoked " + at.toString().substring(0, 19) + "Z").orElse("active"));
        }
        out.flush();
    }

    private void revoke(ApiKeys apiKeys, AuditLog audit, String prefix) {
        if (!apiKeys.revoke(prefix)) {
            throw new IllegalArgumentException("no active API key has the prefix " + prefix);
        }
        audit.record(AuditEntry.ActorType.CLI, "cli", null, "api_key.revoke", "api_key", prefix,
                AuditEntry.Outcome.SUCCESS, null);
        out.println("Revoked " + prefix);
        out.flush();
    }
}
