package dev.latchkey.security;

/** What a key in the keyring is for. */
public enum KeyUse {
    /** HMAC-SHA-256: browser bindings, CSRF tokens, console sessions. */
    SIGNING("sig"),
    /** AES-256-GCM: stored tokens and secrets, the confidential part of {@code state}. */
    ENCRYPTION("enc");

    private final String code;

    KeyUse(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static KeyUse fromCode(String code) {
        for (KeyUse use : values()) {
            if (use.code.equals(code)) {
                return use;
            }
        }
        throw new IllegalArgumentException("unknown key use '" + code + "'");
    }
}
