package dev.latchkey.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Limits applied to every API request. */
public class ApiLimitsFactory {

    @Min(1024)
    @Max(10 * 1024 * 1024)
    private int maxRequestBytes = 64 * 1024;

    @JsonProperty
    public int getMaxRequestBytes() {
        return maxRequestBytes;
    }

    @JsonProperty
    public void setMaxRequestBytes(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }
}
