package dev.latchkey.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One tenant's settings under {@code tenants.<id>} in the configuration: the name the browser
 * pages show the user for the application that asks for access (e.g. "Acme Assistant").
 */
public class TenantFactory {

    /** Printable text on one line: the name is shown to users, who must be able to read all of it. */
    @NotBlank
    @Size(max = 80)
    @Pattern(regexp = "[^\\p{Cntrl}\\p{Cf}]*", message = "must be printable text on one line")
    private String displayName;

    @JsonProperty
    public String getDisplayName() {
        return displayName;
    }

    @JsonProperty
    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }
}
