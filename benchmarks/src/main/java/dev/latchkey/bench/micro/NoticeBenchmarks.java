package dev.latchkey.bench.micro;

import dev.latchkey.event.MessageContextNotice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The message-context notice of an auth-required event, beside the same text built without sanitising. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NoticeBenchmarks {

    private Map<String, String> fields;

    @Setup
    public void setUp() {
        fields = new LinkedHashMap<>();
        fields.put("EventID", "evt_abcdefghijklmnopqrstuvwxyz");
        fields.put("EventType", "assistant_mcp_auth_required");
        fields.put("MCPServerID", "http://127.0.0.1:3001/mcp");
        fields.put("MCPSlug", "mcp-sdk-peer");
        fields.put("AuthURL", "http://127.0.0.1:8080/connect/lnk_abcdefghijklmnopqrstuvwxyzabcdefghijklmnop");
        fields.put("Subject", "alice@example.com");
        fields.put("Scopes", "mcp:tools files:read");
    }

    @Benchmark
    public String noticeLatchkey() {
        return MessageContextNotice.render(fields);
    }

    /** The same block from a plain StringBuilder: no sanitising, no bounds. */
    @Benchmark
    public String noticePlainStringBuilder() {
        StringBuilder out = new StringBuilder("<message-context>\n");
        fields.forEach((key, value) -> out.append(key).append(": ").append(value).append('\n'));
        return out.append("</message-context>").toString();
    }
}
