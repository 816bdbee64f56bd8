package dev.latchkey.testing;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The resource tier's side of {@link OpenApiContract}: every answer its in-memory client receives
 * under /v1 is checked against the OpenAPI document, then handed on unchanged (the body re-readable).
 */
final class ContractCheckingFilter implements ClientResponseFilter {

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
        if (!OpenApiContract.covers(request.getUri())) {
            return;
        }
        byte[] body = response.hasEntity() ? response.getEntityStream().readAllBytes() : new byte[0];
        response.setEntityStream(new ByteArrayInputStream(body));
        OpenApiContract.instance().check(request.getMethod(), request.getUri(), response.getStatus(),
                response.getHeaderString("Content-Type"), new String(body, StandardCharsets.UTF_8));
    }
}
