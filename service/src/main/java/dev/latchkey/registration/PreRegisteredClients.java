package dev.latchkey.registration;

import dev.latchkey.protocol.RegisteredClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Clients configured per issuer. They live in the configuration, not the database, so a rotated
 * secret takes effect on restart; their reference is derived from the issuer. In development mode
 * an entry with issuer {@code "*"} serves every issuer without an exact entry: the headless probe
 * learns the issuer only by the discovery it is testing, so it cannot name it in advance.
 */
final class PreRegisteredClients {

    static final String ANY_ISSUER = "*";
    private static final String PREFIX = "pre_";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final List<RegistrationFactory.PreRegistered> configured;
    private final Clock clock;

    PreRegisteredClients(List<RegistrationFactory.PreRegistered> configured, Clock clock, boolean developmentMode) {
        if (!developmentMode && configured.stream().anyMatch(c -> ANY_ISSUER.equals(c.getIssuer()))) {
            throw new IllegalArgumentException("registration.preRegistered: issuer \"*\" (any issuer) is only allowed"
                    + " in development mode (egress.allowPrivateNetworks: true); name the issuer exactly");
        }
        this.configured = List.copyOf(configured);
        this.clock = clock;
    }

    static boolean isRef(String ref) {
        return ref.startsWith(PREFIX);
    }

    /** The exact entry for the issuer, else the development-mode wildcard entry. */
    Optional<RegisteredClient> forIssuer(String issuer, URI redirectUri) {
        return configured.stream().filter(c -> c.getIssuer().equals(issuer)).findFirst()
                .or(() -> configured.stream().filter(c -> ANY_ISSUER.equals(c.getIssuer())).findFirst())
                .map(c -> client(c, issuer, redirectUri));
    }

    Optional<RegisteredClient> byRef(String ref, URI redirectUri) {
        return configured.stream().filter(c -> ref(c.getIssuer()).equals(ref)).findFirst()
                .map(c -> client(c, c.getIssuer(), redirectUri));
    }

    private RegisteredClient client(RegistrationFactory.PreRegistered c, String issuer, URI redirectUri) {
        return new RegisteredClient(ref(c.getIssuer()), issuer, redirectUri, RegisteredClient.Method.PRE_REGISTERED,
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
