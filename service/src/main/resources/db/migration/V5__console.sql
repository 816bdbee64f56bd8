-- Console operators added with the CLI (operators in configuration are not stored). bcrypt hashes only.
CREATE TABLE operators (
    name           VARCHAR(100)  PRIMARY KEY,
    password_hash  VARCHAR(100)  NOT NULL,
    created_at     BIGINT        NOT NULL
);

-- Console sign-ins, shared by every instance. Only a SHA-256 of the random session id is kept.
CREATE TABLE console_sessions (
    id_hash       VARCHAR(64)   PRIMARY KEY,
    operator      VARCHAR(100)  NOT NULL,
    created_at    BIGINT        NOT NULL,
    last_seen_at  BIGINT        NOT NULL,
    expires_at    BIGINT        NOT NULL
);
CREATE INDEX console_sessions_operator ON console_sessions (operator);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);

-- Failed sign-ins per operator name and per client address; a key is locked out for a growing time.
CREATE TABLE console_login_throttle (
    throttle_key     VARCHAR(300)  PRIMARY KEY,
    failures         INTEGER       NOT NULL,
    last_failure_at  BIGINT        NOT NULL,
    locked_until     BIGINT
);

-- The console filters flows by subject, server, issuer and client across tenants: keyset indexes to match.
CREATE INDEX flows_subject_time ON flows (subject, created_at, id);
CREATE INDEX flows_server_time ON flows (server_slug, created_at, id);
CREATE INDEX flows_issuer_time ON flows (issuer, created_at, id);
CREATE INDEX flows_client_time ON flows (client_ref, created_at, id);
CREATE INDEX connections_status_time ON connections (status, created_at, id);
