package dev.latchkey.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real interop peer from {@code src/peers} (Node), run as a child process for a test.
 *
 * <pre>{@code
 * try (NodePeer as = NodePeer.start("oidc-peer.mjs", "--access-ttl", "5")) {
 *     String issuer = as.field("issuer");
 *     ...
 *     String log = as.get("/__log");
 * }
 * }</pre>
 *
 * <p>The peer is started as {@code node <script> --port 0 <args...>} from the repository root, binds
 * 127.0.0.1 on an ephemeral port and announces itself with one {@code READY {json}} line on stdout.
 * Its stdin stays connected to this JVM: if the JVM dies, the peer sees EOF and exits.
 *
 * <p>Pure JDK 17: no dependencies. When Node or the installed peers are missing, {@link #start}
 * throws {@link IllegalStateException} saying so loudly; the caller decides whether to skip.
 */
public final class NodePeer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int OUTPUT_LIMIT_CHARS = 64 * 1024;
    private static final String UNAVAILABLE =
            "Node interop peers unavailable: run `npm ci --prefix src/peers`";

    private final Process process;
    private final String name;
    private final String readyJson;
    private final Map<String, Object> fields;
    private final int port;
    private final Ring output;

    private NodePeer(Process process, String name, String readyJson, Ring output) {
        this.process = process;
        this.name = name;
        this.readyJson = readyJson;
        this.fields = Collections.unmodifiableMap(FlatJson.parse(readyJson));
        Object p = fields.get("port");
        if (!(p instanceof Number)) {
            throw new IllegalStateException(name + ": READY line has no numeric port: " + readyJson);
        }
        this.port = ((Number) p).intValue();
        this.output = output;
    }

    /**
     * Starts a peer.
     *
     * @param script a file name in {@code src/peers} ({@code "oidc-peer.mjs"}) or a path relative to
     *     the repository root
     * @param args extra options, e.g. {@code "--required-scope", "admin"}
     * @throws IllegalStateException when Node or {@code src/peers/node_modules} is missing, or when
     *     the peer does not become ready within 30 s (the message carries its output)
     */
    public static NodePeer start(String script, String... args) {
        Objects.requireNonNull(script, "script");
        Path root = repoRoot();
        Path peers = root.resolve("src/peers");
        if (!Files.isDirectory(peers.resolve("node_modules"))) {
            throw new IllegalStateException(UNAVAILABLE + " (no " + peers.resolve("node_modules") + ")");
        }
        Path node = findOnPath("node");
        if (node == null) {
            throw new IllegalStateException(UNAVAILABLE + " (no `node` on PATH)");
        }
        Path scriptPath = script.contains("/") ? root.resolve(script) : peers.resolve(script);
        if (!Files.isRegularFile(scriptPath)) {
            throw new IllegalArgumentException("no such peer script: " + scriptPath);
        }

        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.add(scriptPath.toString());
        if (!List.of(args).contains("--port")) {
            command.add("--port");
            command.add("0");
        }
        Collections.addAll(command, args);

        String name = scriptPath.getFileName().toString().replaceFirst("\\.m?js$", "");
        Ring output = new Ring(OUTPUT_LIMIT_CHARS);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(UNAVAILABLE + " (cannot start node: " + e.getMessage() + ")", e);
        }

        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread out = drain(process.getInputStream(), name + "-stdout", output, "", ready);
        Thread err = drain(process.getErrorStream(), name + "-stderr", output, "[err] ", null);
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("exited with status " + process.exitValue())));

        String json;
        try {
            json = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(process);
            throw new IllegalStateException("interrupted while starting " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            destroy(process);
            joinQuietly(out);
            joinQuietly(err);
            String why = e instanceof TimeoutException
                    ? "no READY line within " + READY_TIMEOUT.toSeconds() + " s"
                    : e.getCause().getMessage();
            throw new IllegalStateException(
                    "peer " + name + " failed to start (" + why + "); command: " + String.join(" ", command)
                            + "\n--- output ---\n" + output.text());
        }
        return new NodePeer(process, name, json, output);
    }

    /**
     * Runs a client script from {@code src/peers} to its end ({@code node <script> <args...>} from the
     * repository root) and returns its stdout; stderr is kept for the failure message. Throws
     * {@link IllegalStateException} (with the "unavailable" wording {@link Peers} skips on) when Node
     * or the peers' packages are missing, and when the script fails or outlives {@code timeout}.
     */
    public static String run(String script, Duration timeout, String... args) {
        return runIn("src/peers", script, timeout, args);
    }

    /**
     * {@link #run} for a script of another npm folder of the repository ({@code "src/contract"}), whose
     * own {@code node_modules} must be installed ({@code npm ci --prefix <folder>}).
     */
    public static String runIn(String folder, String script, Duration timeout, String... args) {
        Path root = repoRoot();
        Path peers = root.resolve(folder);
        String unavailable = "src/peers".equals(folder) ? UNAVAILABLE
                : "Node packages of " + folder + " unavailable: run `npm ci --prefix " + folder + "`";
        if (!Files.isDirectory(peers.resolve("node_modules"))) {
            throw new IllegalStateException(unavailable + " (no " + peers.resolve("node_modules") + ")");
        }
        Path node = findOnPath("node");
        if (node == null) {
            throw new IllegalStateException(unavailable + " (no `node` on PATH)");
        }
        List<String> command = new ArrayList<>(List.of(node.toString(), peers.resolve(script).toString()));
        Collections.addAll(command, args);
        try {
            Path err = Files.createTempFile("node-script", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(root.toFile())
                        .redirectError(err.toFile()).start();
                process.getOutputStream().close();
                CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                    try (InputStream in = process.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    destroy(process);
                    throw new IllegalStateException(script + " did not finish within " + timeout.toSeconds()
                            + " s; stderr:\n" + Files.readString(err));
                }
                String stdout = out.get(5, TimeUnit.SECONDS);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(script + " exited with " + process.exitValue() + "; stdout:\n"
                            + stdout + "\nstderr:\n" + Files.readString(err));
                }
                return stdout;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(script + ": its output could not be read", e);
        }
    }

    /** The ephemeral port the peer listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The JSON text after {@code READY }. */
    public String readyJson() {
        return readyJson;
    }

    /** Top-level READY fields: String, Long/Double, Boolean, null, or raw JSON text for nested values. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** A READY field as a string ({@code null} when absent), e.g. {@code field("issuer")}. */
    public String field(String key) {
        Object v = fields.get(key);
        return v == null ? null : String.valueOf(v);
    }

    /** The last 64 KiB of the peer's stdout and stderr (stderr lines prefixed {@code [err] }). */
    public String output() {
        return output.text();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** GET {@code baseUrl() + path}; returns the body; throws on a status of 400 or more. */
    public String get(String path) {
        return checked("GET", path, request("GET", path, null));
    }

    /** POST a JSON body to {@code baseUrl() + path}; returns the body; throws on a status of 400 or more. */
    public String post(String path, String json) {
        return checked("POST", path, request("POST", path, json));
    }

    /** Any request to the peer with a JSON body (or none); the full response, whatever its status. */
    public HttpResponse<String> request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        try {
            return Http.client().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the peer (SIGTERM, then SIGKILL after 5 s) and any processes it started. */
    @Override
    public void close() {
        destroy(process);
    }

    @Override
    public String toString() {
        return "NodePeer[" + name + " on " + baseUrl() + (process.isAlive() ? "" : ", exited") + "]";
    }

    // ------------------------------------------------------------------------------------------

    private String checked(String method, String path, HttpResponse<String> r) {
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(
                    name + ": " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static void destroy(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>();
        process.descendants().forEach(descendants::add);
        try {
            process.getOutputStream().close(); // stdin EOF: the peer's own exit path
        } catch (IOException ignored) {
            // already closed
        }
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread drain(InputStream in, String threadName, Ring output, String prefix,
                                CompletableFuture<String> ready) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(prefix + line);
                    if (ready != null && !ready.isDone() && line.startsWith("READY ")) {
                        ready.complete(line.substring("READY ".length()).trim());
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Walks up from {@code user.dir} to the directory holding {@code src/peers/package.json}. */
    static Path repoRoot() {
        String override = System.getProperty("latchkey.repoRoot");
        if (override != null && !override.isBlank()) {
            return Paths.get(override).toAbsolutePath().normalize();
        }
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("src/peers/package.json"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                UNAVAILABLE + " (no src/peers/package.json above " + start + ")");
    }

    private static Path findOnPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, exe);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A bounded, thread-safe buffer of the most recent output lines. */
    private static final class Ring {
        private final int limit;
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private int chars;

        Ring(int limit) {
            this.limit = limit;
        }

        synchronized void add(String line) {
            lines.addLast(line);
            chars += line.length() + 1;
            while (chars > limit && lines.size() > 1) {
                chars -= lines.removeFirst().length() + 1;
            }
        }

        synchronized String text() {
            return String.join("\n", lines);
        }
    }

    /**
     * A minimal parser for the flat READY object: string, number, boolean and null values; nested
     * objects and arrays are kept as raw JSON text.
     */
    static final class FlatJson {
        private final String s;
        private int i;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, Object> parse(String json) {
            FlatJson p = new FlatJson(json);
            Map<String, Object> out = new LinkedHashMap<>();
            p.ws();
            p.expect('{');
            p.ws();
            if (p.peek() == '}') {
                p.i++;
                return out;
            }
            while (true) {
                p.ws();
                String key = p.string();
                p.ws();
                p.expect(':');
                p.ws();
                out.put(key, p.value());
                p.ws();
                char c = p.next();
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    throw p.error("expected , or }");
                }
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{' || c == '[') {
                int start = i;
                skipNested();
                return s.substring(start, i);
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty()) {
                throw error("unexpected value");
            }
            if (num.contains(".") || num.contains("e") || num.contains("E")) {
                return Double.parseDouble(num);
            }
            return Long.parseLong(num);
        }

        private void skipNested() {
            int depth = 0;
            do {
                char c = next();
                if (c == '"') {
                    i--;
                    string();
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            } while (depth > 0);
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u':
                        if (i + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: b.append(e); // \" \\ \/
                }
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected " + c);
            }
        }

        private IllegalStateException error(String what) {
            return new IllegalStateException("bad READY JSON (" + what + " at " + i + "): " + s);
        }
    }
}
