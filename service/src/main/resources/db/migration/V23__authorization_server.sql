-- Latchkey as the authorization server of its MCP gateway (docs/authorization-server.md).

-- MCP clients: registered through RFC 7591 (client_id lkc_…, kind 'registered') or known by their Client ID
-- Metadata Document (client_id is the document's https URL, kind 'metadata_document'; fresh_until says when
-- it is fetched again). redirect_uris and grant_types are space-separated. Only a SHA-256 of a registered
-- client's secret is kept.
CREATE TABLE oauth_clients (
    client_id      VARCHAR(1000)  PRIMARY KEY,
    kind           VARCHAR(20)    NOT NULL,
    client_name    VARCHAR(200),
    redirect_uris  VARCHAR(8000)  NOT NULL,
    auth_method    VARCHAR(32)    NOT NULL,
    grant_types    VARCHAR(100)   NOT NULL,
    secret_hash    VARCHAR(64),
    created_at     BIGINT         NOT NULL,
    last_seen_at   BIGINT         NOT NULL,
    fresh_until    BIGINT
);
CREATE INDEX oauth_clients_time ON oauth_clients (created_at, client_id);

-- What a user allowed a client: per tenant, user subject, client and gateway route (resource), the scopes
-- (space-separated). Revoking a consent deletes the row and revokes the grants of that user and client.
CREATE TABLE oauth_consents (
    id          VARCHAR(40)    PRIMARY KEY,
    tenant      VARCHAR(100)   NOT NULL,
    subject     VARCHAR(200)   NOT NULL,
    client_id   VARCHAR(1000)  NOT NULL,
    resource    VARCHAR(300)   NOT NULL,
    scopes      VARCHAR(1000)  NOT NULL,
    created_at  BIGINT         NOT NULL,
    updated_at  BIGINT         NOT NULL
);
CREATE UNIQUE INDEX oauth_consents_key ON oauth_consents (tenant, subject, client_id, resource);
CREATE INDEX oauth_consents_user_time ON oauth_consents (tenant, subject, created_at, id);

-- A grant: what one authorization code started — the family of refresh tokens and the access tokens minted
-- from them (their gid claim). expires_at bounds the family absolutely; revoked_at ends it at once.
CREATE TABLE oauth_grants (
    id            VARCHAR(40)    PRIMARY KEY,
    tenant        VARCHAR(100)   NOT NULL,
    subject       VARCHAR(200)   NOT NULL,
    client_id     VARCHAR(1000)  NOT NULL,
    resource      VARCHAR(300)   NOT NULL,
    scopes        VARCHAR(1000)  NOT NULL,
    session_id    VARCHAR(64)    NOT NULL,
    created_at    BIGINT         NOT NULL,
    expires_at    BIGINT         NOT NULL,
    last_used_at  BIGINT         NOT NULL,
    revoked_at    BIGINT,
    revoked_why   VARCHAR(40)
);
CREATE INDEX oauth_grants_user_time ON oauth_grants (tenant, subject, created_at, id);
CREATE INDEX oauth_grants_user_client ON oauth_grants (tenant, subject, client_id);
CREATE INDEX oauth_grants_time ON oauth_grants (created_at, id);

-- Authorization codes, by SHA-256 only: single use (used_at); grant_id names the grant a redemption
-- started, so a second use can revoke it.
CREATE TABLE oauth_codes (
    code_hash       VARCHAR(64)    PRIMARY KEY,
    client_id       VARCHAR(1000)  NOT NULL,
    redirect_uri    VARCHAR(2000)  NOT NULL,
    resource        VARCHAR(300)   NOT NULL,
    scopes          VARCHAR(1000)  NOT NULL,
    code_challenge  VARCHAR(128)   NOT NULL,
    tenant          VARCHAR(100)   NOT NULL,
    subject         VARCHAR(200)   NOT NULL,
    session_id      VARCHAR(64)    NOT NULL,
    created_at      BIGINT         NOT NULL,
    expires_at      BIGINT         NOT NULL,
    used_at         BIGINT,
    grant_id        VARCHAR(40)
);
CREATE INDEX oauth_codes_expiry ON oauth_codes (expires_at);

-- Refresh tokens, by SHA-256 only. A token is used once (used_at): a second use revokes its grant.
CREATE TABLE oauth_refresh_tokens (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    grant_id    VARCHAR(40)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    used_at     BIGINT
);
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (grant_id);
