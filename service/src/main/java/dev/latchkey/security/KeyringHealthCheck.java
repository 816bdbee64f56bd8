package dev.latchkey.security;

import com.codahale.metrics.health.HealthCheck;

/** Healthy when the active keys seal, open, sign and verify a probe value. */
public final class KeyringHealthCheck extends HealthCheck {

    private final Sealer sealer;
    private final Signer signer;

    public KeyringHealthCheck(Sealer sealer, Signer signer) {
        this.sealer = sealer;
        this.signer = signer;
    }

    @Override
    protected Result check() {
        String probe = "latchkey-health";
        if (!probe.equals(sealer.openString(sealer.seal(probe, "health"), "health"))) {
            return Result.unhealthy("the encryption key does not round-trip");
        }
        if (!signer.verify(probe, signer.sign(probe))) {
            return Result.unhealthy("the signing key does not verify its own signature");
        }
        return Result.healthy();
    }
}
