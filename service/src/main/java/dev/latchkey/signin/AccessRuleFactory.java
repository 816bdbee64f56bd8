package dev.latchkey.signin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * One access rule under an identity provider's {@code access:}: the users it names (subjects, or
 * {@code "*"} for everyone who may sign in there) may use the servers it names (slugs, or {@code "*"}).
 */
public class AccessRuleFactory {

    @NotEmpty
    private List<@NotNull @Pattern(regexp = "\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,99}",
            message = "must be a server slug or *") String> servers = new ArrayList<>();

    @NotEmpty
    private List<@NotNull @Size(min = 1, max = 200) @Pattern(regexp = "[^\\p{Cntrl}]+",
            message = "must be a subject without control characters, or *") String> users = new ArrayList<>();

    @JsonProperty
    public List<String> getServers() {
        return servers;
    }

    @JsonProperty
    public void setServers(List<String> servers) {
        this.servers = servers;
    }

    @JsonProperty
    public List<String> getUsers() {
        return users;
    }

    @JsonProperty
    public void setUsers(List<String> users) {
        this.users = users;
    }

    AccessRules.Rule build() {
        return new AccessRules.Rule(Names.of(servers), Names.of(users));
    }
}
