-- Idempotency-Key on the API's POSTs. The first request with a key claims it; its answer is kept
-- (sealed: an answer can carry an access token or a secret) and replayed to every retry with the same
-- key and the same request until the row expires. Only digests of the key and the request are kept.
-- One row per tenant and key: the unique index decides which of two racing requests runs, on every
-- instance sharing the database.
CREATE TABLE idempotency_keys (
    id              VARCHAR(40)   PRIMARY KEY,
    tenant          VARCHAR(100)  NOT NULL,
    key_digest      VARCHAR(64)   NOT NULL,
    request_digest  VARCHAR(64)   NOT NULL,
    claimed_at      BIGINT        NOT NULL,
    completed_at    BIGINT,
    status          INT,
    location        VARCHAR(2048),
    content_type    VARCHAR(255),
    response_sealed TEXT,
    expires_at      BIGINT        NOT NULL
);
CREATE UNIQUE INDEX idempotency_keys_tenant_key ON idempotency_keys (tenant, key_digest);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
