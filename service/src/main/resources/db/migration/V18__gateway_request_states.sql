-- The requestState values the MCP gateway handed to generation-2 clients (an input_required answer) that
-- came back in a retry: each is accepted once, so a state presented again is refused. Only the state's
-- random id is kept, never the sealed value. A row can go once its state has expired (an expired state
-- is refused anyway).
CREATE TABLE gateway_request_states (
    state_id    VARCHAR(40)  PRIMARY KEY,
    used_at     BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
CREATE INDEX gateway_request_states_expiry ON gateway_request_states (expires_at);
