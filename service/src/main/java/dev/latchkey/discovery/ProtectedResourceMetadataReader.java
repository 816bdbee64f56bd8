package dev.latchkey.discovery;

import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.protocol.ResourceUris;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads RFC 9728 protected-resource metadata and checks that it describes the server asked about. */
final class ProtectedResourceMetadataReader {

    private ProtectedResourceMetadataReader() {
    }

    /**
     * {@code acceptable} holds the canonical identifiers the document may name: the server's own
     * resource, and its origin when the document came from the origin's root well-known URL
     * (RFC 9728 §3.3: the identifier the well-known URL was built from).
     */
    static ProtectedResourceMetadata read(MetadataFetch.Fetched fetched, String resource, Set<String> acceptable) {
        Object declared = fetched.json().get("resource");
        if (!(declared instanceof String named) || named.isBlank()) {
            throw Failure.upstream("discovery_failed", "the protected-resource metadata at " + fetched.url()
                    + " has no resource");
        }
        String canonical = ResourceUris.canonical(named).orElse(named);
        if (acceptable.stream().noneMatch(ok -> ResourceUris.same(ok, canonical))) {
            throw Failure.upstream("resource_mismatch", "the protected-resource metadata at " + fetched.url()
                    + " describes " + shorten(named) + ", not " + resource
                    + "; the server's metadata is misconfigured (report it to its publisher)");
        }
        List<String> servers = strings(fetched.json().get("authorization_servers"));
        if (servers.isEmpty()) {
            throw Failure.upstream("discovery_failed", "the protected-resource metadata at " + fetched.url()
                    + " lists no authorization server");
        }
        return new ProtectedResourceMetadata(named, servers, strings(fetched.json().get("scopes_supported")),
                fetched.url());
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isBlank()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String shorten(String value) {
        return ProviderText.evidence(value, 200);
    }
}
