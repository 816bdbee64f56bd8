-- People signed in to Latchkey through one of the operator's identity providers (or the development
-- login). The browser's cookie holds the id and a random secret; only a SHA-256 of the secret is kept.
-- A session ends when it expires or when the user or an operator ends it (ended_at); ended and expired
-- sessions are kept for a while as history and then purged. last_seen_at is written at most about once
-- a minute.
CREATE TABLE user_sessions (
    id            VARCHAR(40)   PRIMARY KEY,
    secret_hash   VARCHAR(64)   NOT NULL,
    tenant        VARCHAR(100)  NOT NULL,
    provider      VARCHAR(40)   NOT NULL,
    subject       VARCHAR(200)  NOT NULL,
    display_name  VARCHAR(200)  NOT NULL,
    created_at    BIGINT        NOT NULL,
    expires_at    BIGINT        NOT NULL,
    ended_at      BIGINT,
    last_seen_at  BIGINT        NOT NULL
);
CREATE INDEX user_sessions_tenant_subject_time ON user_sessions (tenant, subject, created_at, id);
CREATE INDEX user_sessions_tenant_time ON user_sessions (tenant, created_at, id);
CREATE INDEX user_sessions_time ON user_sessions (created_at, id);
CREATE INDEX user_sessions_expires ON user_sessions (expires_at);

-- Sign-ins on their way through an identity provider: found by a SHA-256 of the OAuth state, used once,
-- bound to the browser that started them by a SHA-256 of its sign-in cookie. The nonce and the PKCE
-- verifier are sealed (secrets_sealed); continue_to is the path on Latchkey to go back to.
CREATE TABLE pending_sign_ins (
    state_hash      VARCHAR(64)   PRIMARY KEY,
    browser_hash    VARCHAR(64)   NOT NULL,
    provider        VARCHAR(40)   NOT NULL,
    secrets_sealed  VARCHAR(1000) NOT NULL,
    continue_to     VARCHAR(4000) NOT NULL,
    created_at      BIGINT        NOT NULL,
    expires_at      BIGINT        NOT NULL
);
CREATE INDEX pending_sign_ins_expires ON pending_sign_ins (expires_at);
