package dev.latchkey.flow;

import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StateCodecTest {

    private final Keyring keyring = Keyring.generate(Clock.systemUTC());
    private final StateCodec codec = new StateCodec(KeyringSource.fixed(keyring));
    private final StateClaims claims = new StateClaims("flw_abc", "verifier-" + "v".repeat(40),
            "https://as.example.com/tenant1", true, "cli_1", Instant.now().plus(10, ChronoUnit.MINUTES)
            .truncatedTo(ChronoUnit.SECONDS));

    @Test
    void roundTripsAndHidesTheVerifier() {
        String state = codec.seal(claims);

        assertThat(codec.open(state)).contains(claims);
        assertThat(state).doesNotContain("verifier-").doesNotContain("flw_abc").doesNotContain("as.example.com");
        String header = new String(Base64.getUrlDecoder().decode(state.substring(0, state.indexOf('.'))));
        assertThat(header).contains("\"kid\":\"" + keyring.active(KeyUse.ENCRYPTION).kid() + "\"")
                .contains("\"alg\":\"dir\"").contains("\"enc\":\"A256GCM\"");
    }

    @Test
    void rejectsTamperedTruncatedForeignAndGarbageStates() {
        String state = codec.seal(claims);
        String[] parts = state.split("\\.");
        char[] ciphertext = parts[3].toCharArray();
        ciphertext[3] = ciphertext[3] == 'A' ? 'B' : 'A';
        parts[3] = new String(ciphertext);

        assertThat(codec.open(String.join(".", parts))).isEmpty();
        assertThat(codec.open(state.substring(0, state.length() - 2))).isEmpty();
        assertThat(new StateCodec(KeyringSource.fixed(Keyring.generate(Clock.systemUTC()))).open(state)).isEmpty();
        assertThat(codec.open("not-a-jwe")).isEmpty();
        assertThat(codec.open(null)).isEmpty();
        assertThat(codec.open("x".repeat(5000))).isEmpty();
    }

    @Test
    void statesSealedBeforeARotationStillOpen() {
        String state = codec.seal(claims);
        Keyring rotated = keyring.rotate(KeyUse.ENCRYPTION, Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(1)));
        assertThat(new StateCodec(KeyringSource.fixed(rotated)).open(state)).contains(claims);
    }
}
