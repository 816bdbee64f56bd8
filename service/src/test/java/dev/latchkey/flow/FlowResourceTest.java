package dev.latchkey.flow;

import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.store.Dialect;
import dev.latchkey.testing.ResourceTier;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.latchkey.testing.ResourceTier.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/flows} request validation and problem mapping, served in memory. Every request here is
 * refused before a flow would start, so there is no starter: one that got through would answer 500
 * and fail its test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FlowResourceTest {

    private static final ResourceTier TIER = ResourceTier.onH2("flow-resource");
    private static final FlowService QUERIES = new FlowService(new FlowStore(TIER.jdbi(),
            new OutboxEventWriter(Jackson.newObjectMapper(), TIER.clock()),
            new ConnectionWriter(new TokenVault(TIER.sealer()), TIER.clock()), TIER.clock(), Dialect.H2,
            FlowStartCommit.ASYNCHRONOUS), new FlowLinks(URI.create("http://127.0.0.1:8080")), TIER.audit(),
            TIER.clock());
    static final ResourceExtension RESOURCES = TIER.extension(new FlowResource(
            new FlowRequests(Jackson.newObjectMapper(), 64), null, QUERIES));
    private static final String ACME = TIER.apiKey("acme");

    @AfterAll
    static void close() throws Exception {
        TIER.close();
    }

    @Test
    void noBodyAsksForOne() {
        Map<String, Object> problem = problem(as(ACME, "/v1/flows").post(Entity.entity("", MediaType.APPLICATION_JSON)), 400);
        assertThat(problem).containsEntry("code", "invalid_request").containsEntry("status", 400)
                .containsEntry("detail", "Send a JSON body with serverUrl and subject.");
    }

    @Test
    void everyMissingFieldIsListedAndTheFirstIsTheDetail() {
        Map<String, Object> problem = problem(as(ACME, "/v1/flows").post(json("{}")), 400);
        assertThat(problem).containsEntry("code", "invalid_request").containsEntry("detail", "serverUrl is required.");
        assertThat(problem.get("errors")).asList().containsExactly(
                Map.of("field", "serverUrl", "message", "is required"),
                Map.of("field", "subject", "message", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'serverUrl':'ftp://mcp.example.com/mcp','subject':'a'}                 | serverUrl",
            "{'serverUrl':'https://user:pw@mcp.example.com/mcp','subject':'a'}       | serverUrl",
            "{'serverUrl':'mcp.example.com/mcp','subject':'a'}                       | serverUrl",
            "{'serverUrl':'https://mcp.example.com/ bad','subject':'a'}              | serverUrl",
            "{'serverUrl':'https://mcp.example.com/mcp','subject':'   '}             | subject",
            "{'serverUrl':'https://mcp.example.com/mcp','subject':'a\\u0007b'}       | subject",
            "{'serverUrl':'https://mcp.example.com/mcp','subject':'a','serverId':'no spaces'} | serverId",
            "{'serverUrl':'https://mcp.example.com/mcp','subject':'a','scopes':['a b']}       | scopes",
            "{'serverUrl':'https://mcp.example.com/mcp','subject':'a','context':[1]}          | context",
            "{'serverUrl':'https://mcp.example.com/mcp','subject':'a','context':{'k':'%s'}}   | context"})
    void aBadFieldIsNamedInTheProblem(String body, String field) {
        String json = body.replace('\'', '"').replace("%s", "x".repeat(100));
        Map<String, Object> problem = problem(as(ACME, "/v1/flows").post(json(json)), 400);
        assertThat(problem).containsEntry("code", "invalid_request");
        assertThat((String) problem.get("detail")).startsWith(field + " ");
        assertThat(problem.get("errors")).asList().singleElement().asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("field", field);
    }

    @Test
    void tooLongFieldsAreRefused() {
        String subject = "s".repeat(201);
        Map<String, Object> problem = problem(as(ACME, "/v1/flows").post(json("{\"serverUrl\":\"https://mcp.example.com/mcp\","
                + "\"subject\":\"" + subject + "\",\"wwwAuthenticate\":\"" + "w".repeat(4001) + "\"}")), 400);
        assertThat(problem.get("errors")).asList().extracting("field").containsExactly("subject", "wwwAuthenticate");
    }

    @Test
    void malformedOrIllTypedJsonIsAProblem() {
        assertThat(problem(as(ACME, "/v1/flows").post(json("{\"serverUrl\":")), 400)).containsEntry("code", "malformed_json");
        assertThat(problem(as(ACME, "/v1/flows").post(json("{\"scopes\":\"one\",\"subject\":{}}")), 400))
                .containsEntry("code", "invalid_body");
    }

    @Test
    void listFiltersAndLimitsAreValidated() {
        assertThat(problem(RESOURCES.target("/v1/flows").queryParam("status", "bogus").request()
                .header("Authorization", "Bearer " + ACME).get(), 400)).containsEntry("code", "invalid_status");
        assertThat(problem(RESOURCES.target("/v1/flows").queryParam("limit", "x").request()
                .header("Authorization", "Bearer " + ACME).get(), 400)).containsEntry("code", "invalid_limit");
        Map<String, Object> empty = as(ACME, "/v1/flows").get(new GenericType<Map<String, Object>>() { });
        assertThat(empty).containsOnlyKeys("items", "nextCursor").containsEntry("items", List.of())
                .containsEntry("nextCursor", null);
    }

    @Test
    void anUnknownFlowIsNotFoundForReadAndCancel() {
        assertThat(problem(as(ACME, "/v1/flows/flw_unknown").get(), 404)).containsEntry("code", "not_found");
        assertThat(problem(as(ACME, "/v1/flows/flw_unknown/cancel").post(json("")), 404))
                .containsEntry("code", "not_found");
    }

    @Test
    void withoutAKeyNothingIsValidated() {
        assertThat(problem(RESOURCES.target("/v1/flows").request().post(json("{}")), 401))
                .containsEntry("code", "api_key_missing");
    }

    private static Invocation.Builder as(String key, String path) {
        return RESOURCES.target(path).request().header("Authorization", "Bearer " + key);
    }

    private static Entity<String> json(String body) {
        return Entity.entity(body, MediaType.APPLICATION_JSON);
    }
}
