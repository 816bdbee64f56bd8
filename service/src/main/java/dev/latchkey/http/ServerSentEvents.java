package dev.latchkey.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the data of server-sent events (the event-stream format of the HTML standard) from a body, one
 * event at a time, for the places where Latchkey itself needs a message out of a stream (the gateway's
 * upstream initialize, the probe's MCP client; not for
 * relaying one, which copies bytes). Comments, {@code id}, {@code event} and {@code retry} fields are
 * skipped; an event's {@code data} lines are joined with line feeds; an unfinished event at the end of
 * the stream is dropped. At most {@code maxChars} are read in all: a stream that never gets to the point
 * is cut off with an {@link IOException}.
 *
 * <p>Written here because the parsers on the class path belong to clients (Jersey's needs its client
 * runtime): this is the format's line rules and nothing else.
 */
public final class ServerSentEvents {

    private final BufferedReader reader;
    private final long maxChars;
    private long read;

    public ServerSentEvents(InputStream body, long maxChars) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.maxChars = maxChars;
    }

    /** The data of the next event that has some; empty at the end of the stream. */
    public Optional<String> nextData() throws IOException {
        StringBuilder data = null;
        Optional<String> line;
        while ((line = nextLine()).isPresent()) {
            String text = line.get();
            if (text.isEmpty()) {
                if (data != null) {
                    return Optional.of(data.toString());
                }
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            if (!field.equals("data")) {
                continue;
            }
            String value = colon < 0 ? "" : text.substring(colon + 1);
            value = value.startsWith(" ") ? value.substring(1) : value;
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
        return Optional.empty();
    }

    /** One line, ended by CRLF, LF or CR; empty at the end of the stream. */
    private Optional<String> nextLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = reader.read();
            if (c < 0) {
                return line.length() == 0 ? Optional.empty() : Optional.of(line.toString());
            }
            if (++read > maxChars) {
                throw new IOException("the event stream went on for more than " + maxChars + " characters");
            }
            if (c == '\n') {
                return Optional.of(line.toString());
            }
            if (c == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') {
                    reader.reset();
                }
                return Optional.of(line.toString());
            }
            line.append((char) c);
        }
    }
}
