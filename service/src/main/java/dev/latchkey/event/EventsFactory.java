package dev.latchkey.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** The {@code events} section: the pull API's settle window and long-poll tick, and webhook delivery. */
public class EventsFactory {

    /** Pull readers only see events this old (see EventFeed for why). */
    @NotNull
    private Duration settleWindow = Duration.seconds(1);

    @NotNull
    private Duration longPollInterval = Duration.milliseconds(250);

    @Valid
    @NotNull
    private Webhooks webhooks = new Webhooks();

    /** The {@code events.webhooks} section. */
    public static class Webhooks {

        /** Run the delivery worker in this instance. */
        private boolean deliver = true;

        @NotEmpty
        private List<Duration> retrySchedule = List.of(Duration.seconds(5), Duration.seconds(30),
                Duration.minutes(2), Duration.minutes(10), Duration.minutes(30), Duration.hours(1),
                Duration.hours(3), Duration.hours(6), Duration.hours(12), Duration.hours(24));

        @NotNull
        private Duration pollInterval = Duration.seconds(1);

        /** Longer than the outbound client's connect + read timeouts: a lease must outlive an attempt. */
        @NotNull
        private Duration lease = Duration.minutes(2);

        @Min(1)
        @Max(64)
        private int concurrency = 8;

        @Min(1)
        @Max(5000)
        private int fanoutBatch = 500;

        @NotNull
        private Duration fanoutSettle = Duration.seconds(30);

        @NotNull
        private Duration secretOverlap = Duration.hours(24);

        @JsonProperty
        public boolean isDeliver() {
            return deliver;
        }

        @JsonProperty
        public void setDeliver(boolean deliver) {
            this.deliver = deliver;
        }

        @JsonProperty
        public List<Duration> getRetrySchedule() {
            return retrySchedule;
        }

        @JsonProperty
        public void setRetrySchedule(List<Duration> retrySchedule) {
            this.retrySchedule = retrySchedule;
        }

        @JsonProperty
        public Duration getPollInterval() {
            return pollInterval;
        }

        @JsonProperty
        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        @JsonProperty
        public Duration getLease() {
            return lease;
        }

        @JsonProperty
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        @JsonProperty
        public int getConcurrency() {
            return concurrency;
        }

        @JsonProperty
        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        @JsonProperty
        public int getFanoutBatch() {
            return fanoutBatch;
        }

        @JsonProperty
        public void setFanoutBatch(int fanoutBatch) {
            this.fanoutBatch = fanoutBatch;
        }

        @JsonProperty
        public Duration getFanoutSettle() {
            return fanoutSettle;
        }

        @JsonProperty
        public void setFanoutSettle(Duration fanoutSettle) {
            this.fanoutSettle = fanoutSettle;
        }

        @JsonProperty
        public Duration getSecretOverlap() {
            return secretOverlap;
        }

        @JsonProperty
        public void setSecretOverlap(Duration secretOverlap) {
            this.secretOverlap = secretOverlap;
        }
    }

    @JsonProperty
    public Duration getSettleWindow() {
        return settleWindow;
    }

    @JsonProperty
    public void setSettleWindow(Duration settleWindow) {
        this.settleWindow = settleWindow;
    }

    @JsonProperty
    public Duration getLongPollInterval() {
        return longPollInterval;
    }

    @JsonProperty
    public void setLongPollInterval(Duration longPollInterval) {
        this.longPollInterval = longPollInterval;
    }

    @JsonProperty
    public Webhooks getWebhooks() {
        return webhooks;
    }

    @JsonProperty
    public void setWebhooks(Webhooks webhooks) {
        this.webhooks = webhooks;
    }
}
