package dev.latchkey.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Who may sign in to the console: operators from configuration, then those added with the CLI
 * ({@code operators} table). Passwords are checked with bcrypt; an unknown name costs the same
 * bcrypt work as a known one, so timing does not tell which names exist. A session is bound to
 * the operator's credential — a fingerprint of the password hash — and ends when it changes.
 */
public final class Operators {

    static final int COST = 12;
    private static final byte[] DUMMY_HASH = BCrypt.withDefaults()
            .hash(COST, "latchkey-unknown-operator".toCharArray());

    private final Map<String, String> configured;
    private final OperatorStore store;
    private final Clock clock;

    /** One operator as listed: where it is defined. */
    public record Listed(String name, String source, Long createdAt) {
    }

    public Operators(List<OperatorConfig> configured, Jdbi jdbi, Clock clock) {
        Map<String, String> byName = new LinkedHashMap<>();
        configured.forEach(op -> byName.put(op.getName(), op.getPasswordHash()));
        this.configured = Map.copyOf(byName);
        this.store = new OperatorStore(jdbi);
        this.clock = clock;
    }

    /** True only when the name is known and the password matches its hash. */
    public boolean verify(String name, String password) {
        return signIn(name, password).isPresent();
    }

    /** The credential a new session is bound to, when the name is known and the password matches its hash. */
    public Optional<String> signIn(String name, String password) {
        if (password == null || password.isEmpty() || password.length() > 200) {
            return Optional.empty();
        }
        Optional<String> hash = OperatorName.isValid(name) ? hashOf(name) : Optional.empty();
        byte[] stored = hash.map(h -> h.getBytes(StandardCharsets.US_ASCII)).orElse(DUMMY_HASH);
        boolean matches = BCrypt.verifyer().verify(password.toCharArray(), stored).verified;
        return matches ? hash.map(Operators::fingerprint) : Optional.empty();
    }

    /**
     * The operator's current credential, given the stored hash a session query read alongside
     * (configured operators come first, as at sign-in); empty once the operator is gone.
     */
    public Optional<String> currentCredential(String name, Optional<String> storedHash) {
        return Optional.ofNullable(configured.get(name)).or(() -> storedHash).map(Operators::fingerprint);
    }

    /**
     * Adds a stored operator, or replaces its password and ends its sessions (true when added);
     * configured names cannot be shadowed.
     */
    public boolean add(String name, char[] password) {
        OperatorName.require(name);
        if (configured.containsKey(name)) {
            throw new IllegalArgumentException("operator " + name + " is defined in the configuration file");
        }
        if (password.length < 12) {
            throw new IllegalArgumentException("the password must have at least 12 characters");
        }
        String hash = new String(BCrypt.withDefaults().hash(COST, password), StandardCharsets.US_ASCII);
        long now = clock.millis();
        return store.upsert(name, hash, now);
    }

    /** Removes a stored operator and ends its sessions; false when no stored operator has the name. */
    public boolean remove(String name) {
        OperatorName.require(name);
        if (configured.containsKey(name)) {
            throw new IllegalArgumentException("operator " + name + " is defined in the configuration file; "
                    + "remove it there");
        }
        return store.delete(name);
    }

    static String fingerprint(String passwordHash) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(passwordHash.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    public List<Listed> list() {
        List<Listed> all = new ArrayList<>();
        configured.keySet().forEach(name -> all.add(new Listed(name, "configuration", null)));
        all.addAll(store.list());
        return all;
    }

    private Optional<String> hashOf(String name) {
        String fromConfig = configured.get(name);
        if (fromConfig != null) {
            return Optional.of(fromConfig);
        }
        return store.passwordHash(name);
    }
}
