package dev.latchkey.signin;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured identity provider, as the sign-in flow uses it. {@code toString} leaves the client
 * secret out: a provider may be logged.
 */
public record IdentityProvider(String name, String tenant, URI issuer, String clientId, String clientSecret,
                               List<String> scopes, String subjectClaim, Optional<String> displayNameClaim,
                               Names users, AccessRules access) {

    public IdentityProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(subjectClaim, "subjectClaim");
        Objects.requireNonNull(displayNameClaim, "displayNameClaim");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(access, "access");
    }

    /** The issuer exactly as configured: the provider's discovery document and ID tokens must name it so. */
    public String issuerValue() {
        return issuer.toString();
    }

    @Override
    public String toString() {
        return "IdentityProvider[" + name + ", " + issuer + ", tenant " + tenant + "]";
    }
}
