package dev.latchkey.issuer;

import dev.latchkey.http.EgressException;
import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.security.EgressFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client ID Metadata Documents: which URLs may name one, what a document must say, how long it is kept. */
class MetadataDocumentsTest {

    private static final String URL = "https://client.example/oauth/metadata.json";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final OutboundHttp NO_NETWORK = request -> {
        throw new AssertionError("no request expected");
    };

    private static MetadataDocuments documents(OutboundHttp http, boolean allowLoopbackHttp) {
        return new MetadataDocuments(http, allowLoopbackHttp, IssuerSettings.defaults(), null, Clock.systemUTC());
    }

    private static McpClient validated(String json) {
        return documents(NO_NETWORK, false).validated(URL, json, NOW, Duration.ofMinutes(5));
    }

    @Test
    void aGoodDocumentDescribesAPublicClient() {
        McpClient client = validated("{\"client_id\":\"" + URL + "\",\"client_name\":\"Assistant\","
                + "\"redirect_uris\":[\"http://127.0.0.1:3000/cb\",\"https://client.example/cb\"]}");
        assertThat(client.clientId()).isEqualTo(URL);
        assertThat(client.kind()).isEqualTo(McpClient.Kind.METADATA_DOCUMENT);
        assertThat(client.authMethod()).isEqualTo(McpClient.AuthMethod.NONE);
        assertThat(client.redirectUris()).containsExactly("http://127.0.0.1:3000/cb", "https://client.example/cb");
        assertThat(client.grantTypes()).contains("authorization_code", "refresh_token");
        assertThat(client.freshUntil()).contains(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void refusesDocumentsThatDoNotHold() {
        String uris = ",\"redirect_uris\":[\"https://client.example/cb\"]";
        assertRefused("{\"client_id\":\"https://other.example/c.json\"" + uris + "}", "another client_id");
        assertRefused("{\"client_id\":\"" + URL + "\"}", "redirect_uris is required");
        assertRefused("{\"client_id\":\"" + URL + "\",\"redirect_uris\":[\"http://client.example/cb\"]}",
                "redirect URI must be https");
        assertRefused("{\"client_id\":\"" + URL + "\"" + uris + ",\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"jwks_uri\":\"https://client.example/jwks\"}", "private_key_jwt");
        assertRefused("{\"client_id\":\"" + URL + "\"" + uris + ",\"token_endpoint_auth_method\":\"client_secret_basic\"}",
                "must be none");
        assertRefused("{\"client_id\":\"" + URL + "\"" + uris + ",\"client_secret\":\"s\"}", "client secret");
        assertRefused("not json", "not valid client metadata");
        assertRefused("{\"client_id\":\"" + URL + "\",\"redirect_uris\":[\"https://a.example/\\\"x\"]}",
                "not valid client metadata");
    }

    private static void assertRefused(String json, String why) {
        assertThatThrownBy(() -> validated(json)).isInstanceOf(IssuerRefusal.Page.class).hasMessageContaining(why);
    }

    @Test
    void onlyHttpsUrlsWithAPathNameADocument() {
        MetadataDocuments strict = documents(NO_NETWORK, false);
        assertThat(strict.documentUrl(URL).toString()).isEqualTo(URL);
        for (String bad : new String[] {"https://client.example", "https://client.example/",
                "http://client.example/c.json", "http://127.0.0.1:8080/c.json", "https://client.example/a/../c.json",
                "https://u:p@client.example/c.json", "https://client.example/c.json#x"}) {
            assertThatThrownBy(() -> strict.documentUrl(bad)).as(bad).isInstanceOf(IssuerRefusal.Page.class);
        }
        MetadataDocuments development = documents(NO_NETWORK, true);
        assertThat(development.documentUrl("http://127.0.0.1:8080/c.json")).isNotNull();
        assertThatThrownBy(() -> development.documentUrl("http://client.example/c.json"))
                .isInstanceOf(IssuerRefusal.Page.class);
    }

    @Test
    void cacheControlIsHonouredUpToCacheFor() {
        MetadataDocuments documents = documents(NO_NETWORK, false);
        assertThat(documents.freshFor(Optional.empty())).isEqualTo(Duration.ofHours(1));
        assertThat(documents.freshFor(Optional.of("public, max-age=120"))).isEqualTo(Duration.ofSeconds(120));
        assertThat(documents.freshFor(Optional.of("max-age=999999"))).isEqualTo(Duration.ofHours(1));
        assertThat(documents.freshFor(Optional.of("no-store"))).isEqualTo(Duration.ZERO);
        assertThat(documents.freshFor(Optional.of("private, no-cache"))).isEqualTo(Duration.ZERO);
    }

    /**
     * The egress guard's decision, taken before any connection: a document URL on a private address is
     * refused by the resolver, so no packet is sent to it.
     */
    @Test
    void aDocumentOnAPrivateAddressIsRefusedByTheEgressGuard() throws Exception {
        GuardedHttpClient guarded = new GuardedHttpClient(new EgressFactory(), (target, purpose, reason) -> { });
        guarded.start();
        try {
            assertThat(guarded.guard().refusal(java.net.InetAddress.getByName("10.1.2.3"))).isPresent();
            MetadataDocuments documents = documents(guarded, false);
            assertThatThrownBy(() -> documents.fetch(documents.documentUrl("https://10.1.2.3/client.json"), NOW))
                    .isInstanceOf(IssuerRefusal.Page.class)
                    .hasMessageContaining("private address");
            assertThatThrownBy(() -> guarded.send(dev.latchkey.http.OutboundRequest.get(
                    java.net.URI.create("https://127.0.0.1:9/client.json"), "test")))
                    .isInstanceOf(EgressException.class)
                    .satisfies(e -> assertThat(((EgressException) e).kind()).isEqualTo(EgressException.Kind.BLOCKED));
        } finally {
            guarded.stop();
        }
    }
}
