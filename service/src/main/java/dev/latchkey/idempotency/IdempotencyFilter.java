package dev.latchkey.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.api.ProblemException;
import dev.latchkey.auth.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} on the API's POSTs (draft-ietf-httpapi-idempotency-key-header): a retried
 * request with the same key and the same body gets the first answer again (with
 * {@code Idempotent-Replayed: true}) and creates nothing; the same key with another request is 422;
 * while the first still runs, a retry waits for it. Runs after authentication: keys are per tenant.
 */
@Priority(Priorities.USER)
public final class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    /** Visible ASCII, as a bare token or an RFC 8941 string ("..."); long enough for any UUID or ULID. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    public IdempotencyFilter(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String header = request.getHeaderString(HEADER);
        if (header == null || !"POST".equals(request.getMethod())
                || !(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)) {
            return;
        }
        String key = unquoted(header.strip());
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID.");
        }
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setEntityStream(new ByteArrayInputStream(body));
        IdempotencyKeys.Claim claim = keys.claim(caller.tenant(), key, requestDigest(request, body));
        if (claim instanceof IdempotencyKeys.Claimed claimed) {
            request.setProperty(CLAIM, claimed);
        } else if (claim instanceof IdempotencyKeys.Replay replay) {
            request.abortWith(replayOf(replay.answer()));
        } else if (claim instanceof IdempotencyKeys.Mismatch) {
            throw new ProblemException(422, "idempotency_key_reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request.");
        } else {
            throw ProblemException.conflict("idempotency_key_in_progress",
                    "The first request with this Idempotency-Key is still running; retry later with the same key.");
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM) instanceof IdempotencyKeys.Claimed claimed)) {
            return;
        }
        request.removeProperty(CLAIM);
        try {
            if (response.getStatus() >= 500) {
                // Nothing was decided: let a retry run again.
                keys.release(claimed);
                return;
            }
            String location = response.getHeaderString(HttpHeaders.LOCATION);
            MediaType type = response.getMediaType();
            keys.complete(claimed, new IdempotencyKeys.Answer(response.getStatus(), Optional.ofNullable(location),
                    type == null ? MediaType.APPLICATION_JSON : type.toString(), bodyOf(response)));
        } catch (RuntimeException | IOException e) {
            // The answer still goes out; a retry waits, then takes the claim over once it is abandoned.
            LOG.warn("could not keep the answer of an Idempotency-Key request: {}", e.getClass().getName());
        }
    }

    private byte[] bodyOf(ContainerResponseContext response) throws IOException {
        Object entity = response.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.writeValue(out, entity);
        return out.toByteArray();
    }

    private static Response replayOf(IdempotencyKeys.Answer answer) {
        Response.ResponseBuilder replay = Response.status(answer.status()).header(REPLAYED, "true");
        answer.location().ifPresent(location -> replay.header(HttpHeaders.LOCATION, location));
        if (answer.body().length > 0) {
            replay.entity(answer.body()).type(answer.contentType());
        }
        return replay.build();
    }

    /** The method, the path with its query and the body's bytes: a retry is the same request byte for byte. */
    private static String requestDigest(ContainerRequestContext request, byte[] body) {
        byte[] line = (request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath() + "?"
                + request.getUriInfo().getRequestUri().getRawQuery() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[line.length + body.length];
        System.arraycopy(line, 0, all, 0, line.length);
        System.arraycopy(body, 0, all, line.length, body.length);
        return IdempotencyKeys.digest(all);
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
