package dev.latchkey.api;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** The id of the request being served: taken from a well-formed {@code X-Request-Id}, or minted. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private RequestIds() {
    }

    public static String acceptOrMint(String offered) {
        return offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : mint();
    }

    public static String mint() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "req_" + new String(id);
    }

    /** The current request's id, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
