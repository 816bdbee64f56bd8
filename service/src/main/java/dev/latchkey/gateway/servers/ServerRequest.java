package dev.latchkey.gateway.servers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of {@code POST /v1/servers}: the upstream MCP endpoint and a name for people. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ServerRequest(String url, String name) {
}
