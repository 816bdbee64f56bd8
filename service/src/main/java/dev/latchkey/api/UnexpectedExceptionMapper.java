package dev.latchkey.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence: anything unforeseen becomes a 500 problem without internals. The log
 * names the exception type and stack (our own messages never carry secrets) under the request id.
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        LOG.error("Unexpected failure serving request {}: {}", RequestIds.current(), exception.getClass().getName(),
                exception);
        return ProblemResponses.of(Problem.of(500, "internal_error", "Internal error",
                "The request could not be completed; quote the request id when reporting it."));
    }
}
