package dev.latchkey.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;

/**
 * Refuses bodies over the configured size with 413, whether or not a Content-Length was sent (a
 * compressed body counts decoded), and a body whose Content-Encoding does not decode with 400.
 */
@PreMatching
@Priority(100)
public final class BodySizeLimitFilter implements ContainerRequestFilter {

    private final int maxBytes;

    public BodySizeLimitFilter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw tooLarge();
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), maxBytes));
    }

    private ProblemException tooLarge() {
        return new ProblemException(413, "payload_too_large", "Payload too large",
                "The request body exceeds " + maxBytes + " bytes.");
    }

    private interface Read {
        int next() throws IOException;
    }

    /** Jetty inflates a gzip body as it is read and reports broken bytes as an unchecked exception. */
    private static int decoded(Read read) throws IOException {
        try {
            return read.next();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ZipException || cause instanceof DataFormatException) {
                    throw new ProblemException(400, "undecodable_body", "Undecodable request body",
                            "The request body does not decode as its Content-Encoding says.");
                }
            }
            throw e;
        }
    }

    private final class LimitedInputStream extends FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = decoded(() -> super.read());
            if (b >= 0 && --remaining < 0) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = decoded(() -> super.read(buffer, offset, length));
            if (n > 0) {
                remaining -= n;
                if (remaining < 0) {
                    throw tooLarge();
                }
            }
            return n;
        }
    }
}
