package dev.latchkey.issuer;

import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import java.time.Clock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyring's access token keys: new keyrings have one, old ones are told how to add it. */
class AccessTokenKeysTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void aNewKeyringSignsAndPublishesOnlyPublicKeys() {
        Keyring keyring = Keyring.generate(CLOCK);
        assertThat(keyring.activeIfAny(KeyUse.ACCESS_TOKEN)).isPresent();
        AccessTokenKeys keys = new AccessTokenKeys(KeyringSource.fixed(keyring));
        assertThat(keys.active()).hasValueSatisfying(k -> assertThat(k.isPrivate()).isTrue());
        assertThat(keys.publicKeys().getKeys()).singleElement().satisfies(k -> {
            assertThat(k.isPrivate()).isFalse();
            assertThat(k.getKeyID()).isEqualTo(keyring.active(KeyUse.ACCESS_TOKEN).kid());
        });

        Keyring rotated = keyring.rotate(KeyUse.ACCESS_TOKEN, CLOCK);
        assertThat(new AccessTokenKeys(KeyringSource.fixed(rotated)).publicKeys().getKeys())
                .as("the previous key still verifies").hasSize(2);
        assertThat(Keyring.fromJson(rotated.toJson()).activeIfAny(KeyUse.ACCESS_TOKEN)).isPresent();
    }

    @Test
    void anOldKeyringWithoutOneStopsTheStartWithTheCommandThatAddsIt() {
        Keyring old = new Keyring(Keyring.generate(CLOCK).keys().stream()
                .filter(k -> k.use() != KeyUse.ACCESS_TOKEN).toList());
        assertThatThrownBy(() -> AccessTokenKeys.requirePresent(KeyringSource.fixed(old)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keys rotate --use at");
    }

    @Test
    void resourcesAreExactlyTheGatewayRoutes() {
        IssuerUrls urls = IssuerUrls.of(java.net.URI.create("https://latchkey.example/"));
        assertThat(urls.issuer()).isEqualTo("https://latchkey.example");
        assertThat(urls.slugOf("https://latchkey.example/mcp/github")).contains("github");
        assertThat(urls.slugOf("https://latchkey.example/mcp/github/")).isEmpty();
        assertThat(urls.slugOf("https://latchkey.example/mcp/")).isEmpty();
        assertThat(urls.slugOf("https://latchkey.example/mcp/a/b")).isEmpty();
        assertThat(urls.slugOf("https://LATCHKEY.example/mcp/github")).isEmpty();
        assertThat(urls.slugOf("https://other.example/mcp/github")).isEmpty();
    }
}
