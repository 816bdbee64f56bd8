package dev.latchkey.signin;

import java.util.List;

/**
 * Which signed-in users may use which of the tenant's servers. A user may use server {@code s} when
 * some rule names {@code s} (or {@code *}) and names the user (or {@code *}). No rules: nobody may
 * use any server — access is granted, never assumed.
 */
public record AccessRules(List<Rule> rules) {

    /** One rule: these users may use these servers. */
    public record Rule(Names servers, Names users) {
    }

    public AccessRules {
        rules = List.copyOf(rules);
    }

    public static AccessRules none() {
        return new AccessRules(List.of());
    }

    static AccessRules of(List<AccessRuleFactory> configured) {
        return new AccessRules(configured.stream().map(AccessRuleFactory::build).toList());
    }

    public boolean permits(String subject, String serverSlug) {
        return rules.stream().anyMatch(rule -> rule.servers().contains(serverSlug) && rule.users().contains(subject));
    }
}
