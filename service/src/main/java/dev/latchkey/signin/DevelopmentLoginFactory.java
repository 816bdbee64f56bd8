package dev.latchkey.signin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code signIn.developmentLogin}: a sign-in page where a person types any user name, with no
 * identity provider behind it. For development only; off unless switched on here.
 */
public class DevelopmentLoginFactory {

    private boolean enabled;

    @NotNull
    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "must be a tenant id")
    private String tenant = "default";

    /** Which users may use which servers; none: nobody may use any server. */
    @Valid
    @NotNull
    private List<AccessRuleFactory> access = new ArrayList<>();

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public String getTenant() {
        return tenant;
    }

    @JsonProperty
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    @JsonProperty
    public List<AccessRuleFactory> getAccess() {
        return access;
    }

    @JsonProperty
    public void setAccess(List<AccessRuleFactory> access) {
        this.access = access;
    }
}
