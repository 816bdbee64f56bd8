package dev.latchkey.connection;

import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.flow.StepUpPolicy;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.protocol.Failure;
import dev.latchkey.store.Dialect;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The step-up limit counts earlier step-ups of the connection by scope set, whatever their order. */
class StepUpPolicyTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void fourthStepUpForTheSameScopeSetInAnyOrderIsRefused(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            long now = System.currentTimeMillis();
            stepUp(jdbi, "f1", "mcp:tools admin", now - 1000);
            stepUp(jdbi, "f2", "admin mcp:tools", now - 900);
            stepUp(jdbi, "f3", "mcp:tools  admin", now - 800);
            stepUp(jdbi, "f4", "mcp:tools admin billing", now - 700);
            stepUp(jdbi, "f5", "mcp:tools admin", now - Duration.ofHours(2).toMillis());
            StepUpPolicy policy = new StepUpPolicy(flows(jdbi), 3, Duration.ofMinutes(30), Clock.systemUTC());

            assertThatThrownBy(() -> policy.check(connection(), List.of("admin", "mcp:tools")))
                    .isInstanceOfSatisfying(Failure.class, e -> {
                        org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("step_up_limit");
                        org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(Failure.Kind.CONFLICT);
                    });
            assertThatCode(() -> policy.check(connection(), List.of("mcp:tools", "admin", "billing")))
                    .as("another scope set has its own count").doesNotThrowAnyException();
            assertThatCode(() -> new StepUpPolicy(flows(jdbi), 4, Duration.ofMinutes(30), Clock.systemUTC())
                    .check(connection(), List.of("admin", "mcp:tools")))
                    .as("the flow outside the window does not count").doesNotThrowAnyException();
        }
    }

    private static void stepUp(Jdbi jdbi, String id, String scopes, long createdAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url, resource, scopes,
                                           status, link_id, step_up_of, created_at, expires_at)
                        VALUES (:id, 'acme', 'uma', 'srv', 'srv', 'https://mcp.example/mcp', 'https://mcp.example/mcp',
                                :scopes, 'pending', :id, 'con_1', :createdAt, :expiresAt)""")
                .bind("id", id).bind("scopes", scopes).bind("createdAt", createdAt)
                .bind("expiresAt", createdAt + 600_000).execute());
    }

    private static Connection connection() {
        Instant now = Instant.now();
        return new Connection("con_1", "acme", "uma", "srv", "srv", "https://mcp.example/mcp",
                "https://mcp.example/mcp", "https://mcp.example/mcp", "https://as.example", "client",
                ConnectionStatus.ACTIVE,
                List.of("mcp:tools"), Optional.empty(), Optional.empty(), false, Optional.empty(), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), 1, now, now);
    }

    /** The flow store the policy reads, on the test's database (only its reads are used). */
    private static FlowStore flows(Jdbi jdbi) {
        Clock clock = Clock.systemUTC();
        return new FlowStore(jdbi, new OutboxEventWriter(Jackson.newObjectMapper(), clock), null, clock, Dialect.H2,
                FlowStartCommit.DURABLE);
    }
}
