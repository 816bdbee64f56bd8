package dev.latchkey.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.security.SealedValueException;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Ids;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code requestState} the gateway hands a generation-2 client with an {@code input_required}
 * answer, and checks when the client's retry echoes it. The client holds it, so it is sealed
 * ({@link Sealer}, AES-GCM under the keyring's active key): its content — a random id, the flow it was
 * issued for, its expiry — is neither readable nor changeable, and the additional authenticated data
 * binds it to the tenant, the subject, the registered server, the method, the name and the rest of the
 * request's params (a digest), so a state is only good for the request it answered, for that subject.
 * Each state is accepted once ({@link RequestStateStore}): a retry answered "not yet" gets a new one.
 */
final class RequestState {

    /** How the gateway's states begin; any other {@code requestState} is the upstream server's own. */
    static final String PREFIX = "lkrs1.";
    /** Params that change between the legs of one request and so are not part of the binding. */
    static final Set<String> LEG_PARAMS = Set.of("_meta", "inputResponses", "requestState");
    private static final int MAX_LENGTH = 4096;
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final Sealer sealer;
    private final RequestStateStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicLong nextPurge = new AtomicLong();

    RequestState(Sealer sealer, RequestStateStore store, ObjectMapper json, Clock clock) {
        this.sealer = sealer;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** What a state is bound to: whose request it answered, and which request. */
    record Binding(String tenant, String subject, String serverId, String method, String name, String paramsDigest) {
        Binding {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(serverId, "serverId");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(paramsDigest, "paramsDigest");
        }
    }

    /** What opening a presented state gave. */
    sealed interface Opened permits Accepted, Refused {
    }

    /** A state the gateway issued for this very request, unexpired, presented for the first time. */
    record Accepted(String flowId, Instant expiresAt) implements Opened {
    }

    /** Refused, and why (for the answer and the log; never the state itself). */
    record Refused(Reason reason) implements Opened {
    }

    enum Reason {
        /** Not the gateway's, changed, sealed under a retired key, or issued for another request or subject. */
        INVALID,
        EXPIRED,
        /** Presented before. */
        REPLAYED
    }

    /** The binding of a generation-2 request made by {@code caller} to {@code server}. */
    Binding bindingOf(GatewayCaller caller, UpstreamServer server, StatelessRequest request) {
        return new Binding(caller.tenant(), caller.subject(), server.id(), request.method(),
                request.name().orElse(""), digest(request.params()));
    }

    /** A new state for the flow whose link the client is given, good until {@code expiresAt}. */
    String issue(Binding binding, String flowId, Instant expiresAt) {
        ObjectNode content = json.createObjectNode().put("sid", Ids.randomBase32(26)).put("fid", flowId)
                .put("exp", expiresAt.getEpochSecond());
        return PREFIX + sealer.seal(content.toString(), aad(binding));
    }

    /** Opens a presented state for the request it came back with, and uses it up. */
    Opened open(String presented, Binding binding) {
        if (!isOurs(presented) || presented.length() > MAX_LENGTH) {
            return new Refused(Reason.INVALID);
        }
        JsonNode content;
        try {
            content = json.readTree(sealer.openString(presented.substring(PREFIX.length()), aad(binding)));
        } catch (SealedValueException | JsonProcessingException e) {
            return new Refused(Reason.INVALID);
        }
        String stateId = content.path("sid").asText("");
        String flowId = content.path("fid").asText("");
        long expires = content.path("exp").asLong(0);
        if (stateId.isEmpty() || flowId.isEmpty() || expires <= 0) {
            return new Refused(Reason.INVALID);
        }
        Instant now = clock.instant();
        Instant expiresAt = Instant.ofEpochSecond(expires);
        if (!now.isBefore(expiresAt)) {
            return new Refused(Reason.EXPIRED);
        }
        purgeNowAndThen(now);
        if (!store.useOnce(stateId, now.toEpochMilli(), expiresAt.toEpochMilli())) {
            return new Refused(Reason.REPLAYED);
        }
        return new Accepted(flowId, expiresAt);
    }

    static boolean isOurs(String requestState) {
        return requestState != null && requestState.startsWith(PREFIX);
    }

    /**
     * A digest of the request's params without the ones that change between legs, their keys in order
     * (a client may write the same object with its keys in another order when it retries).
     */
    String digest(ObjectNode params) {
        ObjectNode stable = params.deepCopy();
        stable.remove(LEG_PARAMS);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(sorted(stable)));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot digest the request", e);
        }
    }

    private JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = json.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            names.forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = json.createArrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    private String aad(Binding binding) {
        try {
            return "mcp-gateway/requestState/v1" + json.writeValueAsString(List.of(binding.tenant(),
                    binding.subject(), binding.serverId(), binding.method(), binding.name(), binding.paramsDigest()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the binding", e);
        }
    }

    private void purgeNowAndThen(Instant now) {
        long due = nextPurge.get();
        if (now.toEpochMilli() >= due && nextPurge.compareAndSet(due, now.plus(PURGE_EVERY).toEpochMilli())) {
            store.deleteExpired(now.toEpochMilli());
        }
    }
}
