-- Callers of the REST API. Only a SHA-256 of each key is kept; the prefix finds it.
CREATE TABLE api_keys (
    id          VARCHAR(40)  PRIMARY KEY,
    prefix      VARCHAR(16)  NOT NULL UNIQUE,
    key_hash    VARCHAR(64)  NOT NULL,
    tenant      VARCHAR(100) NOT NULL,
    name        VARCHAR(200),
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant, created_at);

-- Who did what: operator actions and security-relevant events.
CREATE TABLE audit_log (
    id           VARCHAR(40)   PRIMARY KEY,
    occurred_at  BIGINT        NOT NULL,
    actor_type   VARCHAR(20)   NOT NULL,
    actor        VARCHAR(200)  NOT NULL,
    tenant       VARCHAR(100),
    action       VARCHAR(80)   NOT NULL,
    target_type  VARCHAR(40),
    target_id    VARCHAR(100),
    outcome      VARCHAR(20)   NOT NULL,
    details      VARCHAR(4000)
);
CREATE INDEX audit_log_time ON audit_log (occurred_at, id);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at, id);
