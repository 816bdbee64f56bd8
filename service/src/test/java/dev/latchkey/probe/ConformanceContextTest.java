package dev.latchkey.probe;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConformanceContextTest {

    @Test
    void noContextOrNoClientIdIsNothing() {
        for (String context : new String[] {null, "", "{\"name\":\"auth/x\"}"}) {
            ConformanceContext parsed = ConformanceContext.parse(context);
            assertThat(parsed.preRegistered()).isEmpty();
            assertThat(parsed.machineClient()).isEmpty();
        }
        assertThatThrownBy(() -> ConformanceContext.parse("{")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void preRegistrationIsAClientOfTheUserFlow() {
        ConformanceContext parsed = ConformanceContext.parse("{\"name\":\"auth/pre-registration\",\"client_id\":\"pre\","
                + "\"client_secret\":\"s3cret\",\"issuer\":\"http://localhost:1\"}");

        assertThat(parsed.machineClient()).isEmpty();
        assertThat(parsed.preRegistered()).hasValueSatisfying(c -> {
            assertThat(c.clientId()).isEqualTo("pre");
            assertThat(c.clientSecret()).contains("s3cret");
            assertThat(c.authMethod()).isEqualTo("client_secret_basic");
        });
    }

    @Test
    void theClientCredentialsBasicScenarioIsAMachineClientWithASecret() {
        ConformanceContext parsed = ConformanceContext.parse("{\"name\":\"auth/client-credentials-basic\","
                + "\"client_id\":\"conformance-test-client\",\"client_secret\":\"conformance-test-secret\"}");

        assertThat(parsed.preRegistered()).isEmpty();
        assertThat(parsed.machineClient()).hasValueSatisfying(c -> {
            assertThat(c.clientId()).isEqualTo("conformance-test-client");
            assertThat(c.subject()).isEqualTo("client:conformance-test-client");
            assertThat(c.authMethod()).isEqualTo("client_secret_basic");
            assertThat(c.clientSecret()).contains("conformance-test-secret");
            assertThat(c.privateKey()).isEmpty();
            assertThat(c.toString()).doesNotContain("conformance-test-secret");
        });
    }

    @Test
    void aPrivateKeyPemIsAMachineClientWithPrivateKeyJwt() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        String pemText = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String pem = pemText.replace("\n", "\\n");

        ConformanceContext parsed = ConformanceContext.parse("{\"name\":\"auth/client-credentials-jwt\","
                + "\"client_id\":\"conformance-test-client\",\"private_key_pem\":\"" + pem + "\",\"signing_algorithm\":\"ES256\"}");

        assertThat(parsed.machineClient()).hasValueSatisfying(c -> {
            assertThat(c.authMethod()).isEqualTo("private_key_jwt");
            assertThat(c.clientSecret()).isEmpty();
            // Handed to Latchkey's configuration as it came: the PEM itself.
            assertThat(c.privateKey()).contains(pemText);
            assertThat(c.toString()).doesNotContain("PRIVATE KEY");
        });
    }

    @Test
    void aClientCredentialsScenarioWithoutSecretOrKeyIsRefused() {
        assertThatThrownBy(() -> ConformanceContext.parse("{\"name\":\"auth/client-credentials-basic\",\"client_id\":\"c\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a secret");
    }
}
