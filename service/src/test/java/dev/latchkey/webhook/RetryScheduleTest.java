package dev.latchkey.webhook;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(10), Duration.ofMinutes(10)));

    @Test
    void delaysFollowTheScheduleWithinTwentyPercentJitter() {
        for (int i = 0; i < 200; i++) {
            assertThat(schedule.after(1).orElseThrow()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
            assertThat(schedule.after(2).orElseThrow()).isBetween(Duration.ofMinutes(8), Duration.ofMinutes(12));
        }
    }

    @Test
    void pastTheLastDelayThereIsNone() {
        assertThat(schedule.after(3)).isEmpty();
    }

    @Test
    void theDefaultScheduleSpansMoreThanADay() {
        var defaults = new dev.latchkey.event.EventsFactory().getWebhooks().getRetrySchedule().stream()
                .map(d -> Duration.ofMillis(d.toMilliseconds())).toList();

        assertThat(new RetrySchedule(defaults).total()).isGreaterThan(Duration.ofHours(24));
    }

    @Test
    void anEmptyScheduleIsRefused() {
        assertThatThrownBy(() -> new RetrySchedule(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
