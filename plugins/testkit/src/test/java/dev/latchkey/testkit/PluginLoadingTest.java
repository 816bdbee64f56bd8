package dev.latchkey.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin jars as an operator installs them: the example plugin, built by its own Maven module, is
 * dropped into the plugin directory and changes a live flow; broken plugins stop start-up with a
 * message naming them.
 */
class PluginLoadingTest {

    @RegisterExtension
    static final LatchkeyExtension LATCHKEY = new LatchkeyExtension();

    static final Path EXAMPLE_JAR = Path.of(System.getProperty("latchkey.exampleJar",
            "../example/target/latchkey-plugin-example.jar"));

    @Test
    void aJarInThePluginDirectoryChangesALiveFlowAndIsListed(FakeProvider provider) {
        Latchkey latchkey = LATCHKEY.start(setup -> setup.installPlugin(EXAMPLE_JAR)
                .pluginConfig("example", "host", "127.0.0.1").pluginConfig("example", "parameter", "duration")
                .pluginConfig("example", "value", "permanent"));

        FlowOutcome outcome = latchkey.authorize(provider.mcpUrl());

        assertThat(outcome.authorized()).as(outcome.toString()).isTrue();
        assertThat(provider.authorizationRequests()).singleElement()
                .satisfies(query -> assertThat(query).containsEntry("duration", "permanent"));
        assertThat(outcome.pluginsOn("authorization_request")).containsExactly("example");
        assertThat(outcome.pluginsOn("discovery")).isEmpty();

        JsonNode listed = byId(latchkey.get("/v1/plugins")).get("example");
        assertThat(listed.get("version").asText()).isEqualTo("1.2.3");
        assertThat(listed.get("spiVersion").asText()).isEqualTo(dev.latchkey.spi.ProviderPluginFactory.SPI_VERSION);
        assertThat(listed.get("source").asText()).endsWith("latchkey-plugin-example.jar");
        assertThat(listed.get("config").get("value").asText()).isEqualTo("permanent");
        assertThat(listed.get("recentMatches").findValuesAsText("target")).contains(provider.issuer());
    }

    @Test
    void withoutTheJarTheSameFlowSendsNoExtraParameter(FakeProvider provider) {
        Latchkey latchkey = LATCHKEY.start(setup -> { });

        FlowOutcome outcome = latchkey.authorize(provider.mcpUrl());

        assertThat(outcome.authorized()).as(outcome.toString()).isTrue();
        assertThat(provider.authorizationRequests().get(0)).doesNotContainKey("duration");
        assertThat(outcome.pluginsOn("authorization_request")).isEmpty();
    }

    @Test
    void aHealthyStartListsEveryPluginWithVersionAndSource() {
        Latchkey latchkey = LATCHKEY.start(setup -> setup.installPlugin(EXAMPLE_JAR)
                .pluginConfig("example", "host", "example.org")
                .profile(Map.of("name", "cognito", "issuers", List.of("https://cognito.example"), "assumeS256", true)));

        JsonNode listing = latchkey.get("/v1/plugins");
        Map<String, JsonNode> plugins = byId(listing);
        assertThat(listing.get("plugins").findValuesAsText("id"))
                .containsExactly("cognito", "github", "google", "microsoft", "slack", "example");
        for (String builtIn : List.of("github", "google", "microsoft", "slack")) {
            assertThat(plugins.get(builtIn).get("source").asText()).isEqualTo("built-in");
            assertThat(plugins.get(builtIn).get("version").asText()).isEqualTo("1.0.0");
        }
        assertThat(plugins.get("cognito").get("kind").asText()).isEqualTo("profile");
        assertThat(plugins.get("cognito").get("source").asText()).isEqualTo("config.yml");
        assertThat(latchkey.application().plugins().plugins()).hasSize(6);
    }

    @Test
    void aPluginThatThrowsInInitStopsStartUpNamingItsJar() throws IOException {
        Path jar = jarListing("broken-plugin.jar", "com.example.broken.BrokenPluginFactory");

        String message = LATCHKEY.startFailure(setup -> setup.installPlugin(jar));

        assertThat(message).contains("plugin broken (").contains("broken-plugin.jar")
                .contains("failed to start: the licence server is unreachable");
    }

    @Test
    void aDuplicateIdStopsStartUpNamingBothJars() throws IOException {
        Path copy = Files.createTempDirectory("dup").resolve("another-example.jar");
        Files.copy(EXAMPLE_JAR, copy);

        String message = LATCHKEY.startFailure(setup -> setup.installPlugin(EXAMPLE_JAR).installPlugin(copy)
                .pluginConfig("example", "host", "example.org"));

        assertThat(message).contains("duplicate plugin id 'example'").contains("another-example.jar")
                .contains("latchkey-plugin-example.jar");
    }

    @Test
    void aPluginBuiltAgainstAnotherSpiMajorStopsStartUp() throws IOException {
        Path jar = jarListing("my-github.jar", "com.example.broken.FuturePluginFactory");
        String future = LATCHKEY.startFailure(setup -> setup.installPlugin(jar));
        assertThat(future).contains("plugin future (").contains("my-github.jar")
                .contains("built against SPI 3.0").contains("SPI " + dev.latchkey.spi.ProviderPluginFactory.SPI_VERSION);
    }

    @Test
    void configForAPluginThatIsNotLoadedAndInvalidConfigAreRefused() {
        assertThat(LATCHKEY.startFailure(setup -> setup.pluginConfig("gihtub", "client-id", "x")))
                .contains("plugins.config names [gihtub]");
        assertThat(LATCHKEY.startFailure(setup -> setup.installPlugin(EXAMPLE_JAR)))
                .contains("plugin example (").contains("missing required plugin config property: host");
        assertThat(LATCHKEY.startFailure(setup -> setup.pluginConfig("github", "issuers", "github.com/login")))
                .contains("plugin github (built-in) has invalid configuration under plugins.config.github")
                .contains("property issuers must list absolute URIs").doesNotContain("github.com/login");
    }

    private static Map<String, JsonNode> byId(JsonNode listing) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        listing.get("plugins").forEach(p -> out.put(p.get("id").asText(), p));
        return out;
    }

    /** A jar holding only a services entry: the factory class itself comes from the test class path. */
    private static Path jarListing(String name, String factoryClass) throws IOException {
        Path jar = Files.createTempDirectory("plugin-fixture").resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry("META-INF/services/dev.latchkey.spi.ProviderPluginFactory"));
            jarOut.write((factoryClass + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }
}
