package dev.latchkey.plugin;

/**
 * The {@link dev.latchkey.spi.ProviderPlugin} methods the engine calls, so the chain, the audit log
 * and failure messages name a hook by type; {@link #toString()} is the SPI method name they show.
 */
enum Hook {
    APPLIES_TO("appliesTo"),
    SUPPLY_PROTECTED_RESOURCE_METADATA("supplyProtectedResourceMetadata"),
    PATCH_PROTECTED_RESOURCE_METADATA("patchProtectedResourceMetadata"),
    SUPPLY_AUTHORIZATION_SERVER_METADATA("supplyAuthorizationServerMetadata"),
    PATCH_AUTHORIZATION_SERVER_METADATA("patchAuthorizationServerMetadata"),
    CHOOSE_REGISTRATION("chooseRegistration"),
    CUSTOMIZE_AUTHORIZATION_REQUEST("customizeAuthorizationRequest"),
    CUSTOMIZE_TOKEN_REQUEST("customizeTokenRequest"),
    CUSTOMIZE_REFRESH_REQUEST("customizeRefreshRequest"),
    NORMALIZE_TOKEN_RESPONSE("normalizeTokenResponse"),
    CUSTOMIZE_REVOCATION_REQUEST("customizeRevocationRequest");

    private final String methodName;

    Hook(String methodName) {
        this.methodName = methodName;
    }

    /** The SPI method's name, as audit entries and messages have always shown it. */
    @Override
    public String toString() {
        return methodName;
    }
}
