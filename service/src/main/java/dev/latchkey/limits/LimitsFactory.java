package dev.latchkey.limits;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The {@code limits} section: what one tenant, API key or browser address may take of an instance.
 * Every limit is counted in memory, per instance; 0 switches a limit off.
 */
public class LimitsFactory {

    @Valid
    @NotNull
    private Api api = new Api();

    @Min(0)
    private int flowStartsPerTenant = 32;

    @Min(0)
    private int longPollWaitersPerTenant = 200;

    @Min(0)
    private int webhookDeliveriesPerTenant = 4;

    @Valid
    @NotNull
    private Browser browser = new Browser();

    /** A token bucket: {@code ratePerSecond} tokens a second, up to {@code burst} saved; a rate of 0 is no limit. */
    public static class Rate {

        @DecimalMin("0")
        @DecimalMax("1000000")
        private double ratePerSecond;

        @Min(1)
        @Max(1_000_000)
        private int burst;

        public Rate(double ratePerSecond, int burst) {
            this.ratePerSecond = ratePerSecond;
            this.burst = burst;
        }

        public boolean isOff() {
            return ratePerSecond <= 0;
        }

        @JsonProperty
        public double getRatePerSecond() {
            return ratePerSecond;
        }

        @JsonProperty
        public void setRatePerSecond(double ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
        }

        @JsonProperty
        public int getBurst() {
            return burst;
        }

        @JsonProperty
        public void setBurst(int burst) {
            this.burst = burst;
        }
    }

    /** The {@code limits.api} section: per API key. A section that names only one field keeps the other's default. */
    public static class Api extends Rate {

        public Api() {
            super(50, 100);
        }
    }

    /** The {@code limits.browser} section: the unauthenticated browser pages, per client address. */
    public static class Browser extends Rate {

        /** Proxies (addresses or CIDR blocks) whose X-Forwarded-For is believed; none by default. */
        @NotNull
        private List<@NotNull String> trustedProxies = List.of();

        public Browser() {
            super(5, 30);
        }

        @JsonProperty
        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        @JsonProperty
        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }
    }

    @JsonProperty
    public Api getApi() {
        return api;
    }

    @JsonProperty
    public void setApi(Api api) {
        this.api = api;
    }

    @JsonProperty
    public int getFlowStartsPerTenant() {
        return flowStartsPerTenant;
    }

    @JsonProperty
    public void setFlowStartsPerTenant(int flowStartsPerTenant) {
        this.flowStartsPerTenant = flowStartsPerTenant;
    }

    @JsonProperty
    public int getLongPollWaitersPerTenant() {
        return longPollWaitersPerTenant;
    }

    @JsonProperty
    public void setLongPollWaitersPerTenant(int longPollWaitersPerTenant) {
        this.longPollWaitersPerTenant = longPollWaitersPerTenant;
    }

    @JsonProperty
    public int getWebhookDeliveriesPerTenant() {
        return webhookDeliveriesPerTenant;
    }

    @JsonProperty
    public void setWebhookDeliveriesPerTenant(int webhookDeliveriesPerTenant) {
        this.webhookDeliveriesPerTenant = webhookDeliveriesPerTenant;
    }

    @JsonProperty
    public Browser getBrowser() {
        return browser;
    }

    @JsonProperty
    public void setBrowser(Browser browser) {
        this.browser = browser;
    }
}
