package dev.latchkey.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** What an assistant gets to call the MCP server: the bearer token and how long it lasts (if known). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessTokenView(String connectionId, String accessToken, String tokenType, Instant expiresAt,
                              List<String> scopes) {

    @Override
    public String toString() {
        return "AccessTokenView[" + connectionId + ", " + tokenType + ", expires " + expiresAt + "]";
    }
}
