package dev.latchkey.console;

import java.util.List;
import java.util.Random;

/**
 * A realistic little world for browser tests and screenshots: flows over the last day in every
 * status, one pending flow with a full timeline, events and a failed delivery, clients obtained
 * each way, connections, and one subject that is an XSS payload.
 */
final class ConsoleDemoData {

    static final String DEMO_FLOW = "flw_demo";
    static final String XSS_SUBJECT = "<script>alert(1)</script>";
    static final String FAILED_DELIVERY = "dlv_failed";
    static final String WEBHOOK = "wh_acme";
    static final String CONNECTION = "con_alice_files";
    static final String WEBHOOK_SECRET_QUERY = "token=hook-secret-in-query";

    private static final List<String> SUBJECTS = List.of("bob@acme.test", "carol@acme.test", "dan@globex.test",
            "erin@globex.test", "frank@acme.test");
    private static final List<String> SERVERS = List.of("files", "calendar", "crm");

    private ConsoleDemoData() {
    }

    static void seed(ConsoleFixtures seed, long now) {
        seed.client("rc_1", ConsoleFixtures.ISSUER, "dynamic", "dyn-7f3a9c", "SEALED-SECRET-VALUE", now - 86_400_000L * 3);
        seed.client("rc_2", "https://login.globex.test", "cimd", "https://latchkey.example/client.json", null,
                now - 86_400_000L * 2);
        seed.client("rc_3", "https://accounts.partner.test", "pre_registered", "latchkey-prod", "SEALED-OTHER",
                now - 86_400_000L);
        Random random = new Random(42);
        seed.jdbi().useTransaction(handle -> {
            for (int i = 0; i < 180; i++) {
                long at = now - 60_000L - (long) (random.nextDouble() * 23.5 * 3_600_000L);
                String status = pick(random.nextInt(100));
                if ("pending".equals(status) && now - at > 3_600_000L) {
                    status = "expired";
                }
                ConsoleFixtures.flow(handle, "flw_gen" + i, i % 3 == 0 ? "globex" : "acme",
                        SUBJECTS.get(random.nextInt(SUBJECTS.size())), SERVERS.get(random.nextInt(SERVERS.size())),
                        status, at);
            }
        });
        seed.flow("flw_xss", "acme", XSS_SUBJECT, "files", "failed", now - 300_000);
        demoFlow(seed, now);
        seed.connection(CONNECTION, "acme", "alice@acme.test", "active", now - 7_200_000);
        seed.connection("con_bob_crm", "acme", "bob@acme.test", "reauthorization_required", now - 9_000_000);
        seed.connection("con_dan_cal", "globex", "dan@globex.test", "active", now - 20_000_000);
    }

    private static void demoFlow(ConsoleFixtures seed, long now) {
        long at = now - 90_000;
        seed.flow(DEMO_FLOW, "acme", "alice@acme.test", "files", "pending", at);
        seed.step(DEMO_FLOW, 1, "discovery", "OK", at, 142,
                "https://files.example.test/.well-known/oauth-protected-resource/mcp\n"
                        + "https://auth.example.test/.well-known/oauth-authorization-server",
                "Issuer https://auth.example.test; S256, iss parameter and dynamic registration supported", null);
        seed.step(DEMO_FLOW, 2, "registration", "OK", at + 150, 311, "https://auth.example.test/register",
                "Reused the dynamically registered client rc_1", "example-profile 0.1");
        seed.step(DEMO_FLOW, 3, "redirect", "OK", at + 470, 3, null, "Landing link issued; waiting for the user", null);
        seed.event("evt_demo_required", DEMO_FLOW, "acme", "alice@acme.test", "assistant_mcp_auth_required", at + 480);
        seed.webhook(WEBHOOK, "acme", "https://hooks.acme.test/latchkey?" + WEBHOOK_SECRET_QUERY, true, now - 86_400_000L);
        seed.webhook("wh_globex", "globex", "https://globex.test/events", true, now - 50_000_000L);
        seed.delivery(FAILED_DELIVERY, "evt_demo_required", WEBHOOK, "failed", 3, 503, "HTTP 503 from the endpoint",
                at + 500);
        seed.event("evt_other", "flw_gen1", "acme", "bob@acme.test", "assistant_mcp_auth", now - 4_000_000);
        seed.delivery("dlv_ok", "evt_other", WEBHOOK, "delivered", 1, 204, null, now - 4_000_000);
        seed.delivery("dlv_dead", "evt_other", "wh_globex", "dead", 8, 410, "HTTP 410 Gone", now - 3_000_000);
    }

    private static String pick(int roll) {
        if (roll < 58) {
            return "authorized";
        }
        if (roll < 72) {
            return "failed";
        }
        if (roll < 84) {
            return "expired";
        }
        if (roll < 90) {
            return "cancelled";
        }
        return "pending";
    }
}
