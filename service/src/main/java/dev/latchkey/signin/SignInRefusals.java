package dev.latchkey.signin;

import dev.latchkey.metrics.DomainMetrics;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A refused sign-in as a page the person can read, and one log line without secrets for the operator. */
public final class SignInRefusals implements ExceptionMapper<SignInException> {

    private static final Logger LOG = LoggerFactory.getLogger(SignInRefusals.class);

    private final DomainMetrics metrics;

    public SignInRefusals(DomainMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Response toResponse(SignInException e) {
        metrics.signIn(DomainMetrics.SignIn.REFUSED);
        if (e.refusal() == SignInRefusal.PROVIDER_UNAVAILABLE || e.refusal() == SignInRefusal.TOKEN_FAILED) {
            LOG.warn("sign-in refused ({}): {}", e.refusal(), e.getMessage());
        } else {
            LOG.info("sign-in refused ({}): {}", e.refusal(), e.getMessage());
        }
        return Response.status(e.refusal().status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(SignInPage.refused(e.refusal())).build();
    }
}
