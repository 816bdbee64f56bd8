package dev.latchkey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One of the loopback Node peers in src/peers, started with --port 0; it ends when our stdin pipe closes. */
public final class NodePeer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final JsonNode ready;

    private NodePeer(Process process, JsonNode ready) {
        this.process = process;
        this.ready = ready;
    }

    public static NodePeer start(Path repo, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("node", repo.resolve("src/peers").resolve(script).toString(),
                "--port", "0"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    return new NodePeer(process, JSON.readTree(line.substring(6)));
                }
            }
            throw new IllegalStateException(script + " ended before READY (is `npm ci --prefix src/peers` done?)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String field(String name) {
        return ready.get(name).asText();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return ready.get("port").asInt();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
