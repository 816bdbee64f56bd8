package dev.latchkey.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An immutable set of signing and encryption keys. For each use the newest key that is not
 * retired is active: it signs and encrypts. Older keys still verify and decrypt until retired.
 */
public final class Keyring {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter KID_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final List<KeyEntry> keys;

    public Keyring(List<KeyEntry> keys) {
        this.keys = List.copyOf(keys);
        long distinct = this.keys.stream().map(KeyEntry::kid).distinct().count();
        if (distinct != this.keys.size()) {
            throw new IllegalArgumentException("the keyring holds two keys with the same id");
        }
        for (KeyUse use : KeyUse.values()) {
            if (use.required() && findActive(use).isEmpty()) {
                throw new IllegalArgumentException("the keyring has no active " + use.code() + " key");
            }
        }
    }

    /** A new keyring with one fresh key for each use. */
    public static Keyring generate(Clock clock) {
        return new Keyring(List.of(newKey(KeyUse.SIGNING, clock), newKey(KeyUse.ENCRYPTION, clock),
                newKey(KeyUse.DPOP, clock), newKey(KeyUse.ACCESS_TOKEN, clock)));
    }

    public KeyEntry active(KeyUse use) {
        return findActive(use).orElseThrow();
    }

    /** The active key of an optional use (DPoP, access tokens): empty in a keyring that never had one. */
    public Optional<KeyEntry> activeIfAny(KeyUse use) {
        return findActive(use);
    }

    /** A key that may still verify or decrypt: known and not retired. */
    public Optional<KeyEntry> usable(String kid, KeyUse use) {
        return keys.stream().filter(k -> k.kid().equals(kid) && k.use() == use && !k.isRetired()).findFirst();
    }

    public List<KeyEntry> keys() {
        return keys;
    }

    /** Adds a new active key for {@code use}; the previous one keeps decrypting and verifying. */
    public Keyring rotate(KeyUse use, Clock clock) {
        List<KeyEntry> more = new ArrayList<>(keys);
        more.add(newKey(use, clock));
        return new Keyring(more);
    }

    /** Retires a key that is no longer active; it stops verifying and decrypting. */
    public Keyring retire(String kid, Clock clock) {
        KeyEntry key = keys.stream().filter(k -> k.kid().equals(kid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no key with id " + kid));
        if (key.equals(active(key.use()))) {
            throw new IllegalArgumentException("key " + kid + " is active; rotate first, then retire it");
        }
        return new Keyring(keys.stream().map(k -> k.kid().equals(kid) && !k.isRetired() ? k.retire(clock.instant()) : k)
                .toList());
    }

    private Optional<KeyEntry> findActive(KeyUse use) {
        return keys.stream().filter(k -> k.use() == use && !k.isRetired())
                .max(Comparator.comparing(KeyEntry::created).thenComparing(KeyEntry::kid));
    }

    private static KeyEntry newKey(KeyUse use, Clock clock) {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        if (use.asymmetric()) {
            material = DPoPKey.generateMaterial();
        }
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        Instant now = clock.instant();
        String kid = use.code() + "-" + KID_DATE.format(now) + "-" + HexFormat.of().formatHex(suffix);
        return new KeyEntry(kid, use, now, Optional.empty(), material);
    }

    // --- JSON form: {"version":1,"keys":[{"kid","use","created","retired","k"}]} ---
    // A DPoP or access token key ("use":"dpop" or "at") keeps the same fields; its "k" is its private JWK, base64url.

    record StoredKey(String kid, String use, Instant created, Instant retired, String k) {
    }

    record Document(int version, List<StoredKey> keys) {
    }

    public String toJson() {
        List<StoredKey> stored = keys.stream().map(k -> new StoredKey(k.kid(), k.use().code(), k.created(),
                k.retired().orElse(null), Base64.getUrlEncoder().withoutPadding().encodeToString(k.material()))).toList();
        try {
            return JSON.writeValueAsString(new Document(1, stored));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the keyring", e);
        }
    }

    public static Keyring fromJson(String json) {
        Document document;
        try {
            document = JSON.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            // The parser's message may quote key material: do not pass it on.
            throw new IllegalArgumentException("the keyring is not valid JSON of the expected form");
        }
        if (document.version() != 1 || document.keys() == null) {
            throw new IllegalArgumentException("unsupported keyring version " + document.version());
        }
        return new Keyring(document.keys().stream().map(k -> new KeyEntry(k.kid(), KeyUse.fromCode(k.use()),
                k.created(), Optional.ofNullable(k.retired()), Base64.getUrlDecoder().decode(k.k()))).toList());
    }

    @Override
    public String toString() {
        return "Keyring" + keys;
    }
}
