package dev.latchkey.console;

import java.util.List;
import java.util.Random;

/**
 * The background of the browser test and its screenshots, by SQL: flows over the last day in every
 * status, clients obtained each way, connections, and one subject that is an XSS payload. What the
 * operator acts on (a pending flow, a failing delivery, a live connection) the test makes through
 * the API and real peers instead.
 */
final class ConsoleDemoData {

    static final String XSS_SUBJECT = "<script>alert(1)</script>";

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
        seed.connection("con_bob_crm", "acme", "bob@acme.test", "reauthorization_required", now - 9_000_000);
        seed.connection("con_dan_cal", "globex", "dan@globex.test", "active", now - 20_000_000);
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
