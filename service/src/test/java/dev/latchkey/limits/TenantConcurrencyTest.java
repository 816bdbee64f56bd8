package dev.latchkey.limits;

import dev.latchkey.api.ProblemException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantConcurrencyTest {

    @Test
    void eachRefusalIsReportedOnceAndATenantsRoomIsItsOwn() {
        AtomicInteger refused = new AtomicInteger();
        TenantConcurrency flowStarts = new TenantConcurrency(2, "flow starts", refused::incrementAndGet);

        TenantConcurrency.Permit first = flowStarts.enter("acme");
        flowStarts.enter("acme");
        assertThatThrownBy(() -> flowStarts.enter("acme")).isInstanceOf(ProblemException.class);
        flowStarts.enter("globex").close();
        first.close();
        flowStarts.enter("acme");

        assertThat(refused).hasValue(1);
    }
}
