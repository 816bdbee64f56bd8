package dev.latchkey.signin;

import java.time.Instant;
import java.util.Objects;

/**
 * A person signed in to Latchkey through one of the operator's identity providers (or the development
 * login): the verified subject is the Latchkey subject of every connection they make through the
 * gateway, in the tenant the identity provider serves.
 *
 * @param sessionId the user session ({@code uss_…}) the browser's cookie stands for
 * @param provider the identity provider's configured name ({@code dev} for the development login)
 * @param subject the verified {@code sub} (or the configured claim) — never taken from the browser
 * @param displayName what the identity provider calls the person (name or email), for pages; may equal subject
 */
public record SignedInUser(String sessionId, String tenant, String provider, String subject, String displayName,
                           Instant signedInAt) {

    public SignedInUser {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(signedInAt, "signedInAt");
    }
}
