package dev.latchkey.http;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EgressAuditTest {

    @Test
    void aBlockedRequestIsAuditedWithoutItsQueryString(@TempDir Path dir) throws Exception {
        try (StoreFixture store = StoreFixture.open(TestDatabases.Kind.H2, dir)) {
            GuardedHttpClient client = new GuardedHttpClient(new EgressFactory(),
                    EgressAudit.to(new AuditLog(store.jdbi(), Clock.systemUTC())));
            client.start();
            try {
                assertThatThrownBy(() -> client.send(OutboundRequest.get(
                        URI.create("https://169.254.169.254/latest/meta-data?token=secret"), "discovery")))
                        .isInstanceOf(EgressException.class);
            } finally {
                client.stop();
            }
            List<String> rows = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT action || ' ' || outcome || ' ' || target_id || ' ' || details FROM audit_log")
                    .mapTo(String.class).list());
            assertThat(rows).singleElement().satisfies(row -> assertThat(row)
                    .startsWith("egress.blocked DENIED 169.254.169.254 discovery: https://169.254.169.254/latest/meta-data")
                    .contains("cloud metadata").doesNotContain("secret"));
        }
    }
}
