package dev.latchkey.testing;

import dev.latchkey.event.EventDraft;
import dev.latchkey.event.EventSubject;
import dev.latchkey.event.EventTypes;
import dev.latchkey.event.EventWriter;
import dev.latchkey.event.StoredEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Writes events the way the flow engine does (through an {@link EventWriter}, in a transaction), for tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static EventDraft authResult(String tenant, String subject, String status, String errorDescription) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Status", status);
        fields.put("Error", status.equals("success") ? "" : "access_denied");
        fields.put("ErrorDescription", errorDescription);
        return EventDraft.aboutFlow(EventTypes.AUTH_RESULT, new EventSubject(tenant, subject, "srv-github", "github"),
                "flw_test", Optional.of("{\"thread\":\"t-1\"}"), fields);
    }

    public static EventDraft authRequired(String tenant, String subject) {
        return EventDraft.aboutFlow(EventTypes.AUTH_REQUIRED, new EventSubject(tenant, subject, "srv-github", "github"),
                "flw_test", Optional.of("{\"thread\":\"t-1\"}"),
                Map.of("AuthURL", "http://127.0.0.1:8080/connect/lnk_test"));
    }

    public static StoredEvent append(Jdbi jdbi, EventWriter writer, EventDraft draft) {
        return jdbi.inTransaction(h -> writer.append(h, draft));
    }

    /** {@code count} events, one transaction each, like a burst of finished flows. */
    public static List<StoredEvent> burst(Jdbi jdbi, EventWriter writer, String tenant, int count) {
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(append(jdbi, writer, authResult(tenant, "user-" + i, "success", "")));
        }
        return out;
    }
}
