package dev.latchkey.registration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Clients configured per issuer. They live in the configuration, not the database, so a rotated
 * secret takes effect on restart; their reference is derived from the issuer.
 */
final class PreRegisteredClients {

    private static final String PREFIX = "pre_";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final List<RegistrationFactory.PreRegistered> configured;
    private final Clock clock;

    PreRegisteredClients(List<RegistrationFactory.PreRegistered> configured, Clock clock) {
        this.configured = List.copyOf(configured);
        this.clock = clock;
    }

    static boolean isRef(String ref) {
        return ref.startsWith(PREFIX);
    }

    Optional<RegisteredClient> forIssuer(String issuer, URI redirectUri) {
        return configured.stream().filter(c -> c.getIssuer().equals(issuer)).findFirst()
                .map(c -> client(c, redirectUri));
    }

    Optional<RegisteredClient> byRef(String ref, URI redirectUri) {
        return configured.stream().filter(c -> ref(c.getIssuer()).equals(ref)).findFirst()
                .map(c -> client(c, redirectUri));
    }

    private RegisteredClient client(RegistrationFactory.PreRegistered c, URI redirectUri) {
        return new RegisteredClient(ref(c.getIssuer()), c.getIssuer(), redirectUri, RegisteredClient.Method.PRE_REGISTERED,
                c.getClientId(), c.getClientSecret(), c.getTokenEndpointAuthMethod(), Optional.empty(), clock.instant());
    }

    static String ref(String issuer) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(PREFIX);
            for (int i = 0; i < 26; i++) {
                out.append(BASE32[hash[i] & 31]);
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
