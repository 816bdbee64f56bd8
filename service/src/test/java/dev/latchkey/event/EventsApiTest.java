package dev.latchkey.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestEvents;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DropwizardExtensionsSupport.class)
class EventsApiTest {

    private static final Path DIR = TempDirs.create("events-api");
    private static final TestApp TEST_APP = TestApp.h2(DIR);
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    private static Jdbi jdbi;
    private static ApiClient api;
    /** Writes events created a minute ago: already past the settle window, so paging tests need no waiting. */
    private static EventWriter pastWriter;

    @BeforeAll
    static void setUp() {
        jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
        pastWriter = new OutboxEventWriter(Jackson.newObjectMapper(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1)));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    @Test
    void pagesATenantsEventsInOrderAndNeverAnotherTenants() {
        String acme = AppDatabase.apiKey(jdbi, "acme-paging");
        String globex = AppDatabase.apiKey(jdbi, "globex-paging");
        List<String> written = TestEvents.burst(jdbi, pastWriter, "acme-paging", 5).stream().map(StoredEvent::id).toList();
        List<String> theirs = TestEvents.burst(jdbi, pastWriter, "globex-paging", 2).stream().map(StoredEvent::id).toList();

        List<String> read = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 3; page++) {
            ApiClient.Reply reply = api.get(acme, "/v1/events?limit=2&cursor=" + cursor);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().get("items").size()).isEqualTo(page < 2 ? 2 : 1);
            read.addAll(ids(reply.body()));
            cursor = reply.body().get("nextCursor").asText();
        }
        ApiClient.Reply end = api.get(acme, "/v1/events?limit=2&cursor=" + cursor);

        assertThat(read).containsExactlyElementsOf(written);
        assertThat(end.body().get("items")).isEmpty();
        assertThat(end.body().get("nextCursor").asText()).isEqualTo(cursor);
        assertThat(ids(api.get(globex, "/v1/events").body())).containsExactlyElementsOf(theirs);
    }

    @Test
    void afterIsStillReadAsTheFormerNameOfCursor() {
        String acme = AppDatabase.apiKey(jdbi, "acme-after");
        List<String> written = TestEvents.burst(jdbi, pastWriter, "acme-after", 3).stream().map(StoredEvent::id).toList();
        JsonNode first = api.get(acme, "/v1/events?limit=1").body();

        String cursor = first.get("nextCursor").asText();
        assertThat(ids(api.get(acme, "/v1/events?after=" + cursor).body())).containsExactlyElementsOf(written.subList(1, 3));
        assertThat(ids(api.get(acme, "/v1/events?cursor=" + cursor + "&after=bm9wZQ").body()))
                .as("cursor wins when both are sent").containsExactlyElementsOf(written.subList(1, 3));
    }

    @Test
    void filtersByTypeAndSubjectAndShowsTheWholeEvent() {
        String key = AppDatabase.apiKey(jdbi, "acme-filter");
        TestEvents.append(jdbi, pastWriter, TestEvents.authRequired("acme-filter", "alice"));
        StoredEvent result = TestEvents.append(jdbi, pastWriter,
                TestEvents.authResult("acme-filter", "alice", "failed", "user said no"));
        TestEvents.append(jdbi, pastWriter, TestEvents.authResult("acme-filter", "bob", "success", ""));

        JsonNode page = api.get(key, "/v1/events?type=assistant_mcp_auth&subject=alice").body();

        assertThat(ids(page)).containsExactly(result.id());
        JsonNode event = page.get("items").get(0);
        assertThat(event.get("type").asText()).isEqualTo("assistant_mcp_auth");
        assertThat(event.get("tenant").asText()).isEqualTo("acme-filter");
        assertThat(event.get("subject").asText()).isEqualTo("alice");
        assertThat(event.at("/server/id").asText()).isEqualTo("srv-github");
        assertThat(event.at("/server/slug").asText()).isEqualTo("github");
        assertThat(event.get("flowId").asText()).isEqualTo("flw_test");
        assertThat(event.at("/context/thread").asText()).isEqualTo("t-1");
        assertThat(event.at("/fields/ErrorDescription").asText()).isEqualTo("user said no");
        assertThat(event.get("notice").asText()).isEqualTo(result.notice()).contains("Status: failed\n");
        assertThat(event.get("createdAt").asText()).isEqualTo(result.createdAt().toString());
    }

    @Test
    void badParametersAreProblems() {
        String key = AppDatabase.apiKey(jdbi, "acme-bad");
        for (String[] bad : new String[][] {{"limit=0", "invalid_limit"}, {"limit=501", "invalid_limit"},
                {"wait=31", "invalid_wait"}, {"wait=soon", "invalid_wait"}, {"cursor=bm9wZQ", "invalid_cursor"},
                {"type=nope", "invalid_event_type"}}) {
            ApiClient.Reply reply = api.get(key, "/v1/events?" + bad[0]);
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.body().get("code").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(api.get(null, "/v1/events").status()).isEqualTo(401);
    }

    @Test
    void aLongPollAnswersPromptlyWhenAnEventIsWritten() throws Exception {
        String key = AppDatabase.apiKey(jdbi, "acme-poll");
        EventWriter appWriter = ((LatchkeyApplication) APP.getApplication()).events().writer();

        CompletableFuture<ApiClient.Reply> parked = api.getAsync(key, "/v1/events?wait=30");
        Thread.sleep(300);
        long written = System.nanoTime();
        StoredEvent event = TestEvents.append(jdbi, appWriter, TestEvents.authRequired("acme-poll", "alice"));
        ApiClient.Reply reply = parked.get(30, TimeUnit.SECONDS);
        long waitedMs = (System.nanoTime() - written) / 1_000_000;

        assertThat(ids(reply.body())).containsExactly(event.id());
        assertThat(waitedMs).as("answered %d ms after the write", waitedMs).isLessThan(5000);
    }

    @Test
    void aLongPollWithNothingToSayAnswersEmptyAtItsDeadline() {
        String key = AppDatabase.apiKey(jdbi, "acme-quiet");

        ApiClient.Reply reply = api.get(key, "/v1/events?wait=1");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("items")).isEmpty();
        assertThat(reply.body().get("nextCursor").asText()).isEqualTo(EventCursor.START.encode());
    }

    @Test
    void instructionsNameEveryTypeAndFieldAndArePinnable() {
        String key = AppDatabase.apiKey(jdbi, "acme-instructions");

        JsonNode latest = api.get(key, "/v1/instructions").body();
        JsonNode pinned = api.get(key, "/v1/instructions?version=1").body();
        ApiClient.Reply unknown = api.get(key, "/v1/instructions?version=9");

        assertThat(pinned).isEqualTo(latest);
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        String text = latest.get("text").asText();
        assertThat(text).contains(EventTypes.ALL.toArray(String[]::new))
                .contains("AuthURL verbatim", "MCPServerID", "success", "failed", "ErrorDescription", "<message-context>");
        List<String> types = new ArrayList<>();
        latest.get("eventTypes").forEach(t -> types.add(t.get("type").asText()));
        assertThat(types).containsExactlyElementsOf(EventTypes.ALL);
        assertThat(latest.at("/eventTypes/1/fields").toString()).contains("Status", "Error", "ErrorDescription");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("code").asText()).isEqualTo("unknown_instructions_version");
        assertThat(api.get(null, "/v1/instructions").status()).isEqualTo(401);
    }
}
