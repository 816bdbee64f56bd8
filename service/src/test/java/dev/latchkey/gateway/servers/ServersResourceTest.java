package dev.latchkey.gateway.servers;

import dev.latchkey.testing.ResourceTier;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.latchkey.testing.ResourceTier.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/servers} request and problem mapping, served in memory over the real registry on H2. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ServersResourceTest {

    private static final ResourceTier TIER = ResourceTier.onH2("servers-resource");
    private static final UpstreamServers SERVERS = new UpstreamServers(TIER.jdbi(), TIER.audit(), TIER.clock(),
            new UpstreamUrlPolicy(false), URI.create("https://latchkey.example.com"));
    static final ResourceExtension RESOURCES = TIER.extension(new ServersResource(SERVERS));
    private static final String ACME = TIER.apiKey("acme");
    private static final String GLOBEX = TIER.apiKey("globex");
    private static final GenericType<Map<String, Object>> MAP = new GenericType<>() { };

    @AfterAll
    static void close() throws Exception {
        TIER.close();
    }

    @Test
    void aRegistrationIsCreatedWithItsGatewayUrl() {
        Response response = as(ACME, "/v1/servers").post(json(
                "{\"url\":\"https://Tools.Example.com/mcp/\",\"name\":\"Example tools\"}"));

        assertThat(response.getStatus()).isEqualTo(201);
        Map<String, Object> created = response.readEntity(MAP);
        assertThat(created).containsOnlyKeys("id", "name", "url", "slug", "gatewayUrl", "createdAt")
                .containsEntry("name", "Example tools")
                .containsEntry("url", "https://tools.example.com/mcp")
                .containsEntry("slug", "example-tools")
                .containsEntry("gatewayUrl", "https://latchkey.example.com/mcp/example-tools");
        assertThat((String) created.get("id")).startsWith("srv_");
        assertThat(Instant.parse((String) created.get("createdAt"))).isBeforeOrEqualTo(Instant.now());

        assertThat(as(ACME, "/v1/servers/" + created.get("id")).get(MAP)).isEqualTo(created);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"x\"}", "{\"url\":\" \",\"name\":\"x\"}",
            "{\"url\":\"http://plain.example.com/mcp\",\"name\":\"x\"}",
            "{\"url\":\"ftp://files.example.com/\",\"name\":\"x\"}",
            "{\"url\":\"https://user:pw@creds.example.com/mcp\",\"name\":\"x\"}",
            "{\"url\":\"https://q.example.com/mcp?api_key=secret\",\"name\":\"x\"}",
            "{\"url\":\"https://f.example.com/mcp#part\",\"name\":\"x\"}",
            "{\"url\":\"https:///no-host\",\"name\":\"x\"}",
            "{\"url\":\"not a url\",\"name\":\"x\"}"})
    void aBadUrlIsAnInvalidUrlProblemThatRepeatsNoSecret(String body) {
        Map<String, Object> problem = problem(as(ACME, "/v1/servers").post(json(body)), 400);
        assertThat(problem).containsEntry("code", "invalid_url").containsEntry("status", 400);
        assertThat((String) problem.get("detail")).startsWith("url ");
        assertThat(problem.toString()).doesNotContain("secret", "pw@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"url\":\"https://n.example.com/mcp\"}",
            "{\"url\":\"https://n.example.com/mcp\",\"name\":\"   \"}",
            "{\"url\":\"https://n.example.com/mcp\",\"name\":\"tab\\tname\"}",
            "{\"url\":\"https://n.example.com/mcp\",\"name\":\"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
                    + "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\"}"})
    void aMissingOrUnfitNameIsAnInvalidNameProblem(String body) {
        assertThat(problem(as(ACME, "/v1/servers").post(json(body)), 400)).containsEntry("code", "invalid_name");
    }

    @Test
    void anEmptyOrMalformedBodyIsAProblem() {
        assertThat(problem(as(ACME, "/v1/servers").post(Entity.entity("", MediaType.APPLICATION_JSON)), 400))
                .containsEntry("code", "invalid_request");
        assertThat(problem(as(ACME, "/v1/servers").post(json("{\"url\":")), 400))
                .containsEntry("code", "malformed_json");
    }

    @Test
    void theSameUrlAgainIsAConflictNamingTheRegisteredServer() {
        String id = created(ACME, "https://dup.example.com/mcp", "Dup");

        Map<String, Object> problem = problem(as(ACME, "/v1/servers").post(json(
                "{\"url\":\"https://DUP.example.com:443/mcp/\",\"name\":\"Another name\"}")), 409);

        assertThat(problem).containsEntry("code", "server_exists").containsEntry("serverId", id);
        assertThat((String) problem.get("detail")).contains(id);
        assertThat(as(GLOBEX, "/v1/servers").post(json("{\"url\":\"https://dup.example.com/mcp\",\"name\":\"Dup\"}"))
                .getStatus()).as("another tenant registers it for itself").isEqualTo(201);
    }

    @Test
    void anotherTenantsServerIsNotFoundEverywhere() {
        String theirs = created(GLOBEX, "https://theirs.example.com/mcp", "Theirs");

        for (Response response : List.of(as(ACME, "/v1/servers/" + theirs).get(),
                as(ACME, "/v1/servers/" + theirs).delete(), as(ACME, "/v1/servers/srv_nothing").delete())) {
            assertThat(problem(response, 404)).containsEntry("code", "not_found");
        }
        assertThat(as(ACME, "/v1/servers").get(MAP).toString()).doesNotContain(theirs);
        assertThat(as(GLOBEX, "/v1/servers/" + theirs).get().getStatus()).as("still there").isEqualTo(200);
    }

    @Test
    void deleteAnswersNoContentAndTheServerIsGone() {
        String id = created(ACME, "https://gone.example.com/mcp", "Gone");

        Response deleted = as(ACME, "/v1/servers/" + id).delete();

        assertThat(deleted.getStatus()).isEqualTo(204);
        assertThat(problem(as(ACME, "/v1/servers/" + id).get(), 404)).containsEntry("code", "not_found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theListIsPagedByCursor() {
        String key = TIER.apiKey("paging");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(created(key, "https://p" + i + ".example.com/mcp", "Paged " + i));
        }

        Map<String, Object> first = list(key, "limit", "2").get(MAP);
        assertThat(first).containsKey("nextCursor");
        Map<String, Object> second = list(key, "limit", "2", "cursor", (String) first.get("nextCursor")).get(MAP);

        List<String> seen = new ArrayList<>();
        ((List<Map<String, Object>>) first.get("items")).forEach(s -> seen.add((String) s.get("id")));
        ((List<Map<String, Object>>) second.get("items")).forEach(s -> seen.add((String) s.get("id")));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(second).containsEntry("nextCursor", null);
        assertThat(problem(list(key, "limit", "0").get(), 400)).containsEntry("code", "invalid_limit");
        assertThat(problem(list(key, "cursor", "nonsense").get(), 400)).containsEntry("code", "invalid_cursor");
    }

    @Test
    void noKeyIsUnauthorized() {
        assertThat(problem(RESOURCES.target("/v1/servers").request().get(), 401))
                .containsEntry("code", "api_key_missing");
    }

    private static String created(String key, String url, String name) {
        Response response = as(key, "/v1/servers").post(json("{\"url\":\"" + url + "\",\"name\":\"" + name + "\"}"));
        assertThat(response.getStatus()).isEqualTo(201);
        return (String) response.readEntity(MAP).get("id");
    }

    private static Invocation.Builder as(String key, String path) {
        return RESOURCES.target(path).request().header("Authorization", "Bearer " + key);
    }

    private static Invocation.Builder list(String key, String... query) {
        jakarta.ws.rs.client.WebTarget target = RESOURCES.target("/v1/servers");
        for (int i = 0; i < query.length; i += 2) {
            target = target.queryParam(query[i], query[i + 1]);
        }
        return target.request().header("Authorization", "Bearer " + key);
    }

    private static Entity<String> json(String body) {
        return Entity.entity(body, MediaType.APPLICATION_JSON);
    }
}
