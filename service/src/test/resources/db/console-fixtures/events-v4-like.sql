-- Test only: the webhook and delivery tables the events feature adds in V4, as far as the console
-- reads them. IF NOT EXISTS, so that once the real V4 is merged the real tables are used instead.
CREATE TABLE IF NOT EXISTS webhooks (
    id           VARCHAR(40)   PRIMARY KEY,
    tenant       VARCHAR(100)  NOT NULL,
    url          VARCHAR(2000) NOT NULL,
    event_types  VARCHAR(1000),
    enabled      BOOLEAN       NOT NULL,
    created_at   BIGINT        NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    id               VARCHAR(40)   PRIMARY KEY,
    event_id         VARCHAR(40)   NOT NULL,
    webhook_id       VARCHAR(40)   NOT NULL,
    tenant           VARCHAR(100)  NOT NULL,
    state            VARCHAR(20)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  BIGINT,
    last_status      INTEGER,
    last_error       VARCHAR(600),
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);
CREATE TABLE IF NOT EXISTS delivery_attempts (
    delivery_id  VARCHAR(40)  NOT NULL,
    attempt      INTEGER      NOT NULL,
    at           BIGINT       NOT NULL,
    status_code  INTEGER,
    latency_ms   BIGINT,
    error        VARCHAR(600),
    PRIMARY KEY (delivery_id, attempt)
);
