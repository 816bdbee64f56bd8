-- Where a tenant's events go. Secrets are sealed (AES-GCM, AAD bound to the webhook id); during a
-- rotation the previous secret keeps signing until previous_secret_until.
CREATE TABLE webhooks (
    id                      VARCHAR(40)   PRIMARY KEY,
    tenant                  VARCHAR(100)  NOT NULL,
    url                     VARCHAR(2000) NOT NULL,
    event_types             VARCHAR(1000),
    enabled                 BOOLEAN       NOT NULL,
    disabled_reason         VARCHAR(200),
    secret_sealed           VARCHAR(1000) NOT NULL,
    previous_secret_sealed  VARCHAR(1000),
    previous_secret_until   BIGINT,
    created_at              BIGINT        NOT NULL,
    updated_at              BIGINT        NOT NULL,
    deleted_at              BIGINT
);
CREATE INDEX webhooks_tenant_time ON webhooks (tenant, created_at, id);

-- One event for one webhook: at most one row per (webhook, event), whatever the number of workers.
-- status: pending (no attempt yet), failed (retrying), delivered, dead. A worker owns a row while
-- lease_until is in the future; a crashed worker's lease simply expires.
CREATE TABLE webhook_deliveries (
    id                VARCHAR(40)  PRIMARY KEY,
    webhook_id        VARCHAR(40)  NOT NULL,
    tenant            VARCHAR(100) NOT NULL,
    event_seq         BIGINT       NOT NULL,
    event_id          VARCHAR(40)  NOT NULL,
    event_type        VARCHAR(60)  NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    attempts          INTEGER      NOT NULL,
    next_attempt_at   BIGINT,
    lease_until       BIGINT,
    lease_owner       VARCHAR(80),
    last_status_code  INTEGER,
    last_error        VARCHAR(500),
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL,
    delivered_at      BIGINT,
    CONSTRAINT webhook_deliveries_once UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_time ON webhook_deliveries (webhook_id, created_at, id);
CREATE INDEX webhook_deliveries_status_time ON webhook_deliveries (status, created_at, id);
CREATE INDEX webhook_deliveries_time ON webhook_deliveries (created_at, id);

-- Every attempt, as it happened.
CREATE TABLE delivery_attempts (
    id               VARCHAR(40)  PRIMARY KEY,
    delivery_id      VARCHAR(40)  NOT NULL,
    attempt          INTEGER      NOT NULL,
    started_at       BIGINT       NOT NULL,
    latency_ms       BIGINT       NOT NULL,
    status_code      INTEGER,
    error            VARCHAR(500),
    next_attempt_at  BIGINT,
    worker           VARCHAR(80)  NOT NULL
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempt);

-- How far the fan-out of events to webhooks has safely got (shared by all instances).
CREATE TABLE delivery_fanout (
    name        VARCHAR(40)  PRIMARY KEY,
    last_seq    BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
INSERT INTO delivery_fanout (name, last_seq, updated_at) VALUES ('events', 0, 0);
