package dev.latchkey.console;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Generates many flows and measures the flows list page over HTTP (sign-in, query, render), per
 * filter. A measurement to record, not a test: see docs/console-performance.md for the command.
 * Arguments: {@code h2|postgres [flows] [requests per filter]}.
 */
public final class FlowsListMeasurement {

    private static final List<String> STATUSES = List.of("authorized", "authorized", "authorized", "failed", "expired",
            "cancelled", "pending");

    private FlowsListMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        TestDatabases.Kind kind = args.length > 0 && args[0].startsWith("p") ? TestDatabases.Kind.POSTGRES
                : TestDatabases.Kind.H2;
        int flows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path dir = TempDirs.create("flows-measure");
        String url = TestDatabases.url(kind, dir);
        TestApp app = TestApp.on(kind, url, dir);
        DropwizardAppExtension<LatchkeyConfiguration> ext = app.extension();
        ext.before();
        try {
            Jdbi jdbi = kind == TestDatabases.Kind.H2 ? Jdbi.create(url, "latchkey", "")
                    : Jdbi.create(url, "postgres", "postgres");
            long started = System.nanoTime();
            generate(jdbi, flows);
            System.out.printf(Locale.ROOT, "%s: generated %,d flows in %.1f s%n", kind, flows,
                    (System.nanoTime() - started) / 1e9);
            if (kind == TestDatabases.Kind.POSTGRES) {
                jdbi.useHandle(h -> h.execute("ANALYZE flows"));
            }
            new Operators(List.of(), jdbi, Clock.systemUTC()).add("bench", "benchmark password".toCharArray());
            ConsoleHttp http = new ConsoleHttp(app.baseUrl());
            if (http.signIn("bench", "benchmark password").statusCode() != 303) {
                throw new IllegalStateException("cannot sign in");
            }
            measure(http, requests, deepCursor(http));
        } finally {
            ext.after();
        }
    }

    static void generate(Jdbi jdbi, int count) {
        Random random = new Random(7);
        long now = System.currentTimeMillis();
        jdbi.useHandle(handle -> {
            for (int start = 0; start < count; start += 1000) {
                PreparedBatch batch = handle.prepareBatch("""
                        INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url, resource, issuer,
                                           client_ref, status, link_id, created_at, expires_at, completed_at)
                        VALUES (:id, :tenant, :subject, :server, :server, :url, :url, :issuer, :client, :status, :link,
                                :created, :expires, :completed)""");
                for (int i = start; i < Math.min(count, start + 1000); i++) {
                    long created = now - (long) (random.nextDouble() * 30 * 86_400_000L);
                    String status = STATUSES.get(random.nextInt(STATUSES.size()));
                    int server = random.nextInt(30);
                    batch.bind("id", String.format("flw_bench%07d", i)).bind("tenant", "tenant" + random.nextInt(20))
                            .bind("subject", "user" + random.nextInt(5000) + "@example.test")
                            .bind("server", "server" + server).bind("url", "https://s" + server + ".example.test/mcp")
                            .bind("issuer", "https://issuer" + server % 10 + ".example.test")
                            .bind("client", "rc_" + server % 10).bind("status", status).bind("link", "lnk_b" + i)
                            .bind("created", created).bind("expires", created + 600_000)
                            .bind("completed", "pending".equals(status) ? null : created + 45_000)
                            .add();
                }
                batch.execute();
            }
        });
    }

    /** The cursor twenty pages deep, to measure a page far from the newest. */
    private static String deepCursor(ConsoleHttp http) {
        String link = "/console/flows";
        for (int i = 0; i < 20; i++) {
            String body = http.get(link).body();
            int at = body.indexOf("id=\"next-page\"");
            int href = body.lastIndexOf("href=\"", at);
            link = body.substring(href + 6, body.indexOf('"', href + 6)).replace("&amp;", "&");
        }
        return link.substring(link.indexOf("cursor=") + 7);
    }

    private static void measure(ConsoleHttp http, int requests, String deepCursor) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("newest, no filter", "/console/flows");
        pages.put("status=pending", "/console/flows?status=pending");
        pages.put("tenant+status", "/console/flows?tenant=tenant7&status=failed");
        pages.put("tenant+subject", "/console/flows?tenant=tenant3&subject=user42%40example.test");
        pages.put("subject only", "/console/flows?subject=user42%40example.test");
        pages.put("server", "/console/flows?server=server12");
        pages.put("issuer", "/console/flows?issuer=https%3A%2F%2Fissuer3.example.test");
        pages.put("age > 7 days", "/console/flows?age=gt7d");
        pages.put("page 21 (cursor)", "/console/flows?cursor=" + deepCursor);
        List<Long> all = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-20s %8s %8s %8s%n", "page", "p50 ms", "p95 ms", "max ms");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            for (int i = 0; i < 5; i++) {
                http.get(page.getValue());
            }
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> response = http.get(page.getValue());
                times.add((System.nanoTime() - t0) / 1_000);
                if (response.statusCode() != 200 || !response.body().contains("<title>Flows")) {
                    throw new IllegalStateException(page.getKey() + " answered " + response.statusCode());
                }
            }
            all.addAll(times);
            System.out.printf(Locale.ROOT, "%-20s %8.1f %8.1f %8.1f%n", page.getKey(), pct(times, 50), pct(times, 95),
                    pct(times, 100));
        }
        System.out.printf(Locale.ROOT, "%-20s %8.1f %8.1f %8.1f%n", "all", pct(all, 50), pct(all, 95), pct(all, 100));
    }

    private static double pct(List<Long> micros, int percentile) {
        List<Long> sorted = micros.stream().sorted().toList();
        int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(index) / 1000.0;
    }
}
