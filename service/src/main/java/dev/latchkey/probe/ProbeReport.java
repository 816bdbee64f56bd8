package dev.latchkey.probe;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * The probe's step-by-step report, printed as it goes. Every value the probe learns that must
 * stay secret (API key, tokens, client secret) is registered with {@link #secret} and masked in
 * every line, and bearer credentials, codes and verifiers are masked by pattern as a second net.
 */
public final class ProbeReport {

    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/-]{6,}=*(?![A-Za-z0-9._~+/=\"-])");
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)\\b(code|state|code_verifier|access_token|refresh_token|client_secret)=[^&\\s\"']+");
    private static final Pattern API_KEY = Pattern.compile("lk_[a-z2-7]{10}_[A-Za-z0-9_-]{43}");

    /** How a step went. */
    public enum Mark {
        OK("[ok]  "), FAIL("[FAIL]"), INFO("[..]  ");

        private final String text;

        Mark(String text) {
            this.text = text;
        }
    }

    private final PrintStream out;
    private final Set<String> secrets = new CopyOnWriteArraySet<>();
    private final List<String> lines = new ArrayList<>();
    private boolean failed;

    public ProbeReport(PrintStream out) {
        this.out = out;
    }

    /** Masks this value wherever it would appear from now on. */
    public void secret(String value) {
        if (value != null && value.length() >= 4) {
            secrets.add(value);
        }
    }

    public void ok(String text) {
        line(Mark.OK, text);
    }

    public void info(String text) {
        line(Mark.INFO, text);
    }

    public void fail(String text) {
        failed = true;
        line(Mark.FAIL, text);
    }

    /** An indented detail under the last step (e.g. a flow's timeline). */
    public void detail(String text) {
        emit("         " + mask(text));
    }

    public boolean failed() {
        return failed;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The closing line; returns the exit status it announces. */
    public int finish() {
        int status = failed ? 1 : 0;
        emit(failed ? "RESULT: FAIL (exit 1)" : "RESULT: PASS (exit 0)");
        return status;
    }

    private void line(Mark mark, String text) {
        emit(mark.text + " " + mask(text));
    }

    private synchronized void emit(String line) {
        lines.add(line);
        out.println(line);
        out.flush();
    }

    String mask(String text) {
        String masked = text == null ? "" : text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "****");
        }
        masked = BEARER.matcher(masked).replaceAll("$1 ****");
        masked = QUERY_SECRET.matcher(masked).replaceAll("$1=****");
        return API_KEY.matcher(masked).replaceAll("lk_****");
    }
}
