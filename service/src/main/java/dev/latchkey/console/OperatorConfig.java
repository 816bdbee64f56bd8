package dev.latchkey.console;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** An operator defined in configuration: a name and the bcrypt hash of the password (never the password). */
public class OperatorConfig {

    @NotBlank
    @Pattern(regexp = OperatorName.PATTERN)
    private String name;

    @NotBlank
    @Pattern(regexp = "\\$2[aby]\\$\\d\\d\\$.{53}", message = "must be a bcrypt hash ($2a$/$2b$/$2y$)")
    private String passwordHash;

    public OperatorConfig() {
    }

    public OperatorConfig(String name, String passwordHash) {
        this.name = name;
        this.passwordHash = passwordHash;
    }

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public String getPasswordHash() {
        return passwordHash;
    }

    @JsonProperty
    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }
}
