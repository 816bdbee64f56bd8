-- MCP sessions between a client and the gateway (protocol generation 1). The client holds the id as its
-- Mcp-Session-Id; the upstream server's own session id stays here and never reaches the client. A
-- session belongs to one gateway token (and so one tenant and subject) and one registered server, and is
-- found only with all of them. initialize_params is what the client sent in its initialize request: the
-- gateway replays it upstream when it opens the upstream session lazily, once the user has authorized.
-- upstream_ready says that upstream session exists (a stateless upstream has no id of its own).
CREATE TABLE gateway_sessions (
    id                        VARCHAR(64)    PRIMARY KEY,
    tenant                    VARCHAR(100)   NOT NULL,
    subject                   VARCHAR(200)   NOT NULL,
    token_id                  VARCHAR(40)    NOT NULL,
    server_id                 VARCHAR(40)    NOT NULL,
    protocol_version          VARCHAR(32)    NOT NULL,
    url_elicitation           BOOLEAN        NOT NULL,
    initialize_params         VARCHAR(16000) NOT NULL,
    upstream_ready            BOOLEAN        NOT NULL,
    upstream_session_id       VARCHAR(1024),
    upstream_protocol_version VARCHAR(32),
    created_at                BIGINT         NOT NULL,
    last_used_at              BIGINT         NOT NULL,
    ended_at                  BIGINT
);
CREATE INDEX gateway_sessions_last_used ON gateway_sessions (last_used_at);

-- The authorizations a session's client was asked for: one row per session and flow. The gateway tells
-- the client on its event stream when the flow has finished (notifications/elicitation/complete for a
-- URL elicitation, notifications/tools/list_changed after a notice) and then sets announced_at.
CREATE TABLE gateway_session_authorizations (
    session_id    VARCHAR(64)  NOT NULL,
    flow_id       VARCHAR(40)  NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    announced_at  BIGINT,
    PRIMARY KEY (session_id, flow_id)
);
CREATE INDEX gateway_session_authorizations_open ON gateway_session_authorizations (announced_at, created_at);
