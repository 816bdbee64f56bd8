-- How Latchkey is known to an authorization server: one client per (issuer, redirect URI).
-- status 'registering' is a lease that serialises the first registration across instances.
CREATE TABLE registered_clients (
    id                    VARCHAR(40)   PRIMARY KEY,
    issuer                VARCHAR(1000) NOT NULL,
    redirect_uri          VARCHAR(1000) NOT NULL,
    status                VARCHAR(20)   NOT NULL,
    method                VARCHAR(20)   NOT NULL,
    client_id             VARCHAR(1000),
    client_secret_sealed  VARCHAR(4000),
    auth_method           VARCHAR(40),
    secret_expires_at     BIGINT,
    lease_until           BIGINT,
    created_at            BIGINT        NOT NULL,
    updated_at            BIGINT        NOT NULL,
    CONSTRAINT registered_clients_identity UNIQUE (issuer, redirect_uri)
);

-- One attempt to authorize a subject for an MCP server.
CREATE TABLE flows (
    id                  VARCHAR(40)   PRIMARY KEY,
    tenant              VARCHAR(100)  NOT NULL,
    subject             VARCHAR(200)  NOT NULL,
    server_id           VARCHAR(200)  NOT NULL,
    server_slug         VARCHAR(100)  NOT NULL,
    server_url          VARCHAR(2000) NOT NULL,
    resource            VARCHAR(2000) NOT NULL,
    issuer              VARCHAR(1000),
    client_ref          VARCHAR(40),
    scopes              VARCHAR(2000),
    status              VARCHAR(20)   NOT NULL,
    context_json        VARCHAR(4000),
    link_id             VARCHAR(64)   NOT NULL,
    browser_binding     VARCHAR(64),
    authorize_url_sealed VARCHAR(8000),
    step_up_of          VARCHAR(40),
    connection_id       VARCHAR(40),
    error_code          VARCHAR(100),
    error_description   VARCHAR(600),
    created_at          BIGINT        NOT NULL,
    expires_at          BIGINT        NOT NULL,
    opened_at           BIGINT,
    state_consumed_at   BIGINT,
    completed_at        BIGINT,
    CONSTRAINT flows_link UNIQUE (link_id)
);
CREATE INDEX flows_tenant_time ON flows (tenant, created_at, id);
CREATE INDEX flows_tenant_status_time ON flows (tenant, status, created_at, id);
CREATE INDEX flows_tenant_subject_time ON flows (tenant, subject, created_at, id);
CREATE INDEX flows_status_time ON flows (status, created_at, id);
CREATE INDEX flows_time ON flows (created_at, id);
CREATE INDEX flows_pending_expiry ON flows (status, expires_at);

-- The steps of a flow, for the timeline: never a secret in urls or detail.
CREATE TABLE flow_steps (
    flow_id      VARCHAR(40)   NOT NULL,
    seq          INTEGER       NOT NULL,
    step         VARCHAR(40)   NOT NULL,
    outcome      VARCHAR(20)   NOT NULL,
    started_at   BIGINT        NOT NULL,
    duration_ms  BIGINT        NOT NULL,
    urls         VARCHAR(8000),
    detail       VARCHAR(1000),
    plugin       VARCHAR(200),
    PRIMARY KEY (flow_id, seq)
);

-- The result: tokens for (tenant, subject, resource, issuer), sealed with the connection's identity.
CREATE TABLE connections (
    id                   VARCHAR(40)   PRIMARY KEY,
    tenant               VARCHAR(100)  NOT NULL,
    subject              VARCHAR(200)  NOT NULL,
    server_id            VARCHAR(200)  NOT NULL,
    server_slug          VARCHAR(100)  NOT NULL,
    server_url           VARCHAR(2000) NOT NULL,
    resource             VARCHAR(2000) NOT NULL,
    issuer               VARCHAR(1000) NOT NULL,
    client_ref           VARCHAR(40)   NOT NULL,
    status               VARCHAR(30)   NOT NULL,
    scopes               VARCHAR(2000),
    tokens_sealed        VARCHAR(16000),
    key_id               VARCHAR(64),
    access_expires_at    BIGINT,
    has_refresh_token    BOOLEAN       NOT NULL,
    last_refresh_at      BIGINT,
    refresh_failures     INTEGER       NOT NULL,
    last_error           VARCHAR(600),
    next_refresh_after   BIGINT,
    refresh_lease_until  BIGINT,
    version              BIGINT        NOT NULL,
    created_at           BIGINT        NOT NULL,
    updated_at           BIGINT        NOT NULL,
    CONSTRAINT connections_identity UNIQUE (tenant, subject, resource, issuer)
);
CREATE INDEX connections_tenant_time ON connections (tenant, created_at, id);
CREATE INDEX connections_tenant_subject ON connections (tenant, subject, created_at, id);
CREATE INDEX connections_time ON connections (created_at, id);
