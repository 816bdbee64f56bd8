package dev.latchkey.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerSentEventsTest {

    @Test
    void readsTheDataOfEachEventByTheFormatsLineRules() throws IOException {
        String stream = ": a comment\n"
                + "id: 1\nretry: 100\n\n"                       // no data: skipped
                + "event: message\ndata: {\"a\":1}\n\n"
                + "data:no space\r\ndata:  two spaces\r\n\r\n"   // CRLF; one leading space removed
                + "data: cr only\r\r"
                + "data\n\n"                                    // a field without a colon: empty data
                + "data: unfinished";                           // dropped at the end of the stream
        assertThat(all(stream)).containsExactly("{\"a\":1}", "no space\n two spaces", "cr only", "");
    }

    @Test
    void aStreamThatGoesOnTooLongIsCutOff() {
        ServerSentEvents events = new ServerSentEvents(bytes("data: " + "x".repeat(200) + "\n\n"), 100);
        assertThatThrownBy(events::nextData).isInstanceOf(IOException.class).hasMessageContaining("100");
    }

    private static List<String> all(String stream) throws IOException {
        ServerSentEvents events = new ServerSentEvents(bytes(stream), 10_000);
        List<String> data = new ArrayList<>();
        Optional<String> next;
        while ((next = events.nextData()).isPresent()) {
            data.add(next.get());
        }
        return data;
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
