package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EgressPrimerTest {

    @Test
    void runsAGetAndAPostAgainstItsOwnLoopbackServer() {
        assertThat(EgressPrimer.prime()).isTrue();
    }

    @Test
    void leavesNothingRunningAndCanRunAgain() {
        int threadsBefore = Thread.activeCount();
        assertThat(EgressPrimer.prime()).isTrue();
        assertThat(EgressPrimer.prime()).isTrue();
        // the throwaway client's and server's threads end with them (a little slack for the JVM's own)
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2);
    }
}
