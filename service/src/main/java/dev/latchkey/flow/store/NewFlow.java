package dev.latchkey.flow.store;

import java.util.Arrays;
import java.util.List;

/**
 * The columns written when a flow is created. Thirteen of them are strings, so call sites build it
 * by name ({@link #builder}) rather than by position.
 */
public record NewFlow(String id, String tenant, String subject, String serverId, String serverSlug, String serverUrl,
                      String resource, String publishedResource, String issuer, String clientRef, String scopes, String contextJson,
                      String linkId, String authorizeBaseUrl, boolean issRequired, String stepUpOf, long createdAt,
                      long expiresAt) {

    /** The columns of a new flow's row, in the order of {@link #values()}. */
    static final List<String> COLUMNS = List.of("id", "tenant", "subject", "server_id", "server_slug",
            "server_url", "resource", "published_resource", "issuer", "client_ref", "scopes", "status", "context_json", "link_id",
            "authorize_base_url", "iss_required", "step_up_of", "created_at", "expires_at");

    /** The row of a new (pending) flow, in {@link #COLUMNS} order, nulls included. */
    List<Object> values() {
        return Arrays.asList(id, tenant, subject, serverId, serverSlug, serverUrl, resource, publishedResource, issuer,
                clientRef, scopes, FlowStatus.PENDING.code(), contextJson, linkId, authorizeBaseUrl, issRequired, stepUpOf,
                createdAt, expiresAt);
    }

    /** A new flow of this id, for this tenant's subject; the rest is named one by one. */
    public static Builder builder(String id, String tenant, String subject) {
        return new Builder(id, tenant, subject);
    }

    /** Names each column of a new flow; unset optional columns stay null. */
    public static final class Builder {
        private final String id;
        private final String tenant;
        private final String subject;
        private String serverId;
        private String serverSlug;
        private String serverUrl;
        private String resource;
        private String publishedResource;
        private String issuer;
        private String clientRef;
        private String scopes;
        private String contextJson;
        private String linkId;
        private String authorizeBaseUrl;
        private boolean issRequired;
        private String stepUpOf;
        private long createdAt;
        private long expiresAt;

        private Builder(String id, String tenant, String subject) {
            this.id = id;
            this.tenant = tenant;
            this.subject = subject;
        }

        /** The MCP server as the caller named it, and the resource it protects. */
        public Builder server(String serverId, String serverSlug, String serverUrl, String resource) {
            this.serverId = serverId;
            this.serverSlug = serverSlug;
            this.serverUrl = serverUrl;
            this.resource = resource;
            return this;
        }

        /**
         * The resource identifier exactly as the protected-resource metadata publishes it, sent on the
         * authorization and token requests; the canonical {@code resource} when left unset.
         */
        public Builder publishedResource(String publishedResource) {
            this.publishedResource = publishedResource;
            return this;
        }

        /** The authorization server and Latchkey's client there. */
        public Builder authorizationServer(String issuer, String clientRef, boolean issRequired) {
            this.issuer = issuer;
            this.clientRef = clientRef;
            this.issRequired = issRequired;
            return this;
        }

        /** The scopes requested, space-separated. */
        public Builder scopes(String scopes) {
            this.scopes = scopes;
            return this;
        }

        public Builder contextJson(String contextJson) {
            this.contextJson = contextJson;
            return this;
        }

        public Builder linkId(String linkId) {
            this.linkId = linkId;
            return this;
        }

        /** The authorization URL without state and PKCE (they are added when the link is opened). */
        public Builder authorizeBaseUrl(String authorizeBaseUrl) {
            this.authorizeBaseUrl = authorizeBaseUrl;
            return this;
        }

        /** The connection this flow asks more scopes for. */
        public Builder stepUpOf(String connectionId) {
            this.stepUpOf = connectionId;
            return this;
        }

        public Builder lifetime(long createdAt, long expiresAt) {
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
            return this;
        }

        public NewFlow build() {
            return new NewFlow(id, tenant, subject, serverId, serverSlug, serverUrl, resource,
                    publishedResource == null ? resource : publishedResource, issuer, clientRef,
                    scopes, contextJson, linkId, authorizeBaseUrl, issRequired, stepUpOf, createdAt, expiresAt);
        }
    }
}
