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
    DPOP("dpop"),
    /**
     * EC P-256 (ES256): the access tokens Latchkey's own authorization server issues to MCP clients of the
     * gateway (RFC 9068), published at {@code /oauth/jwks}. Optional like DPoP: a keyring written before has
     * none until {@code keys rotate --use at} adds one.
     */
    ACCESS_TOKEN("at");

    private final String code;

    KeyUse(String code) {
        this.code = code;
    }

    /** Whether every keyring must hold an active key of this use. */
    public boolean required() {
        return !asymmetric();
    }

    /** Whether the key is an EC P-256 key pair kept as a private JWK, rather than 256 secret bits. */
    public boolean asymmetric() {
        return this == DPOP || this == ACCESS_TOKEN;
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
