package dev.latchkey.gateway.servers;

import java.net.URI;
import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registered server's slug, the last segment of its gateway URL: lowercase letters, digits and
 * single dashes, as {@code flow.ServerNames} makes them, from the server's name ("GitHub Copilot" →
 * {@code github-copilot}), else from its host; {@code -2}, {@code -3}… when the tenant has it already.
 */
final class ServerSlugs {

    static final int MAX_BASE = 40;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("(^-+|-+$)");

    private ServerSlugs() {
    }

    /** The slug before any suffix; never empty. */
    static String base(String name, URI url) {
        String fromName = dashed(name);
        if (!fromName.isEmpty()) {
            return fromName;
        }
        String fromHost = dashed(url.getHost());
        return fromHost.isEmpty() ? "server" : fromHost;
    }

    /** {@code base} if no slug in {@code taken} is, else the first free {@code base-n} from n = 2. */
    static String free(String base, Collection<String> taken) {
        if (!taken.contains(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static String dashed(String text) {
        if (text == null) {
            return "";
        }
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        String slug = EDGE_DASHES.matcher(NOT_ALPHANUMERIC.matcher(plain).replaceAll("-")).replaceAll("");
        if (slug.length() > MAX_BASE) {
            slug = EDGE_DASHES.matcher(slug.substring(0, MAX_BASE)).replaceAll("");
        }
        return slug;
    }
}
