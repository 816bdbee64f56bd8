package dev.latchkey.assistant;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.connection.Connection;
import dev.latchkey.flow.FlowView;
import dev.latchkey.gateway.servers.UpstreamServer;
import java.time.Instant;
import java.util.List;

/**
 * What the tools answer, as values: each is shown to the model as text and passed as the tool's
 * structured content. Times are RFC 3339 strings; nothing here is a token or a secret.
 */
final class AssistantViews {

    private AssistantViews() {
    }

    /** A registered server the caller's token may reach. */
    record ServerEntry(String id, String name, String slug, String gatewayUrl) {
        static ServerEntry of(UpstreamServer server, String gatewayUrl) {
            return new ServerEntry(server.id(), server.name(), server.slug(), gatewayUrl);
        }
    }

    /** One of the subject's connections: never its tokens. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConnectionEntry(String id, String serverId, String serverSlug, String serverUrl, String status,
                           List<String> scopes, String accessTokenExpiresAt, boolean refreshable) {
        static ConnectionEntry of(Connection c) {
            return new ConnectionEntry(c.id(), c.serverId(), c.serverSlug(), c.serverUrl(), c.status().code(),
                    c.scopes(), c.accessExpiresAt().map(Instant::toString).orElse(null), c.hasRefreshToken());
        }
    }

    /** What {@code connect_server} found or started. */
    sealed interface ConnectOutcome permits Connected, AuthorizationRequired {
        ServerEntry server();
    }

    /** The subject has a connection the gateway can use now. */
    record Connected(ServerEntry server) implements ConnectOutcome {
    }

    /** The user must open {@code authorizationUrl} (Latchkey's landing link); {@code notice} says so for the model. */
    record AuthorizationRequired(ServerEntry server, String flowId, String authorizationUrl, String notice)
            implements ConnectOutcome {
    }

    /** What {@code disconnect_server} did: how many of the subject's connections to the server it revoked. */
    record Disconnected(ServerEntry server, int connections) {
    }

    /** A flow of the caller's subject, as {@code flow_status} shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FlowEntry(String id, String status, String serverId, String serverSlug, String serverUrl, String createdAt,
                     String expiresAt, String completedAt, String authorizationUrl, String errorCode,
                     String errorDescription, String connectionId) {
        static FlowEntry of(FlowView flow) {
            return new FlowEntry(flow.id(), flow.status(), flow.server().id(), flow.server().slug(),
                    flow.server().url(), string(flow.createdAt()), string(flow.expiresAt()),
                    string(flow.completedAt()), flow.authorizationUrl(),
                    flow.error() == null ? null : flow.error().code(),
                    flow.error() == null ? null : flow.error().description(), flow.connectionId());
        }

        private static String string(Instant at) {
            return at == null ? null : at.toString();
        }
    }
}
