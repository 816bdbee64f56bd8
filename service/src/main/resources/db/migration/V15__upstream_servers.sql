-- The upstream MCP servers a tenant registers for the MCP gateway, which will serve each one at
-- {publicBaseUrl}/mcp/{slug}. url is the MCP endpoint in canonical form (lowercase scheme and host,
-- no default port, no trailing slash); it never holds credentials, a query or a fragment, so
-- nothing in this table is secret. slug is URL-safe ([a-z0-9-]) and unique per tenant.
-- Rows are deleted outright: a deleted server frees its slug and URL.
CREATE TABLE upstream_servers (
    id          VARCHAR(40)   PRIMARY KEY,
    tenant      VARCHAR(100)  NOT NULL,
    name        VARCHAR(100)  NOT NULL,
    url         VARCHAR(2000) NOT NULL,
    slug        VARCHAR(64)   NOT NULL,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT upstream_servers_tenant_slug UNIQUE (tenant, slug),
    CONSTRAINT upstream_servers_tenant_url UNIQUE (tenant, url)
);
-- A tenant's servers newest first (the API), and every tenant's (the console).
CREATE INDEX upstream_servers_tenant_time ON upstream_servers (tenant, created_at, id);
CREATE INDEX upstream_servers_time ON upstream_servers (created_at, id);
