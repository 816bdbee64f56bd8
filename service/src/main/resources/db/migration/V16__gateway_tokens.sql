-- Static credentials an MCP client sends to the gateway for one subject of a tenant. As with API keys,
-- only a SHA-256 of the whole token is kept and the public prefix finds it. servers is a space-separated
-- list of the upstream servers (ids or slugs) the token may reach, NULL for all of the tenant's.
-- last_used_at is written at most about once a minute per token.
CREATE TABLE gateway_tokens (
    id            VARCHAR(40)   PRIMARY KEY,
    prefix        VARCHAR(16)   NOT NULL UNIQUE,
    token_hash    VARCHAR(64)   NOT NULL,
    tenant        VARCHAR(100)  NOT NULL,
    subject       VARCHAR(200)  NOT NULL,
    name          VARCHAR(100),
    servers       VARCHAR(4000),
    expires_at    BIGINT,
    created_at    BIGINT        NOT NULL,
    revoked_at    BIGINT,
    last_used_at  BIGINT
);
CREATE INDEX gateway_tokens_tenant_time ON gateway_tokens (tenant, created_at, id);
CREATE INDEX gateway_tokens_tenant_subject_time ON gateway_tokens (tenant, subject, created_at, id);
CREATE INDEX gateway_tokens_time ON gateway_tokens (created_at, id);
