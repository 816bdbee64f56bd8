package dev.latchkey.security;

/** What a key in the keyring is for. */
public enum KeyUse {
    /** HMAC-SHA-256: browser bindings, CSRF tokens, console sessions. */
    SIGNING("sig"),
    /** AES-256-GCM: stored tokens and secrets, the confidential part of {@code state}. */
    ENCRYPTION("enc"),
    /**
     * EC P-256 (ES256): DPoP proofs (RFC 9449) that bind upstream tokens to this deployment. Optional:
     * a keyring written before DPoP has none until {@code keys rotate} adds one.
     */
    DPOP("dpop");

    private final String code;

    KeyUse(String code) {
        this.code = code;
    }

    /** Whether every keyring must hold an active key of this use. */
    public boolean required() {
        return this != DPOP;
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
