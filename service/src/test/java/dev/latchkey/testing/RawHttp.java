package dev.latchkey.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain loopback socket, for requests a well-behaved client refuses to send:
 * raw bytes in the request target, repeated or malformed headers, a body that contradicts its
 * Content-Type. One request per connection ({@code Connection: close}); a request that carries
 * {@code Transfer-Encoding: chunked} has its body (possibly none) sent as chunks.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;

    private RawHttp() {
    }

    /** A request exactly as written on the wire (apart from Host, Connection and Content-Length). */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

        public Request {
            headers = List.copyOf(headers);
        }

        @Override
        public String toString() {
            String shownBody = body == null ? "(none)" : body.length > 300
                    ? new String(body, 0, 300, StandardCharsets.UTF_8) + "…(" + body.length + " bytes)"
                    : new String(body, StandardCharsets.UTF_8);
            String shownTarget = target.length() > 300 ? target.substring(0, 300) + "…(" + target.length() + ")" : target;
            List<String> shownHeaders = headers.stream().map(h -> h.getKey() + ": " + (h.getValue().length() > 120
                    ? h.getValue().substring(0, 120) + "…" : h.getValue())).toList();
            return method + " " + shownTarget + " " + shownHeaders + " body=" + shownBody;
        }
    }

    /** The answer: status, headers (names lower-cased, first value kept) and the decoded body. */
    public record Response(int status, Map<String, String> headers, String body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    public static Response send(int port, Request request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, request.method() + " " + request.target() + " HTTP/1.1\r\n");
            write(head, "Host: 127.0.0.1:" + port + "\r\n");
            for (Map.Entry<String, String> header : request.headers()) {
                write(head, header.getKey() + ": " + header.getValue() + "\r\n");
            }
            boolean chunked = request.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")
                    && h.getValue().equalsIgnoreCase("chunked"));
            if (request.body() != null && !chunked) {
                write(head, "Content-Length: " + request.body().length + "\r\n");
            }
            write(head, "Connection: close\r\n\r\n");
            try {
                out.write(head.toByteArray());
                if (chunked) {
                    byte[] body = request.body() == null ? new byte[0] : request.body();
                    if (body.length > 0) {
                        out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (request.body() != null) {
                    out.write(request.body());
                }
            } catch (IOException refusedMidway) {
                // the server may answer (413, 414, 431) and close before reading everything; read what it said
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("no answer within " + TIMEOUT_MILLIS + " ms to " + request, e);
        } catch (IOException e) {
            throw new UncheckedIOException("exchange failed: " + request, e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete response head in " + all.length + " bytes");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        if (status >= 100 && status < 200 && status != 101) {
            // an interim answer (100 Continue to Expect: 100-continue): the final one follows it
            return read(new java.io.ByteArrayInputStream(java.util.Arrays.copyOfRange(all, end + 4, all.length)));
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = unchunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (lineEnd < 0) {
                throw new IOException("truncated chunk size");
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        return indexOf(data, needle, 0);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Header lists in order, repeats allowed. */
    public static List<Map.Entry<String, String>> headers(String... namesAndValues) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            list.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return list;
    }
}
