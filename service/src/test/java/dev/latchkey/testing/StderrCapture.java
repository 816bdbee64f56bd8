package dev.latchkey.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Tees everything written to standard error — where Latchkey's application and request logs go —
 * into a buffer, so tests can prove that no secret was logged. Logback's console appender writes
 * through {@code System.err} at each call, so installing this before the app starts sees it all.
 */
public final class StderrCapture {

    private static final ByteArrayOutputStream BUFFER = new ByteArrayOutputStream();
    private static boolean installed;

    private StderrCapture() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        PrintStream original = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (BUFFER) {
                    BUFFER.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (BUFFER) {
                    BUFFER.write(b, off, len);
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        installed = true;
    }

    public static String text() {
        synchronized (BUFFER) {
            return BUFFER.toString(StandardCharsets.UTF_8);
        }
    }
}
