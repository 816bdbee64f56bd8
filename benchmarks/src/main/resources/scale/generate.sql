-- Bulk data for the scale benchmark, on PostgreSQL (generate_series: no round trip per row).
-- :flows flows and their auth-required events for tenant 'bench', over 50 servers and 10,000
-- subjects, one every 2 seconds up to now; :connections connections, one per subject and server.
-- Statuses: 10 % pending, 60 % authorized, 20 % failed, 10 % expired.
INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url, resource, issuer, client_ref, scopes,
                   status, context_json, link_id, browser_binding, authorize_url_sealed, step_up_of, connection_id,
                   error_code, error_description, created_at, expires_at, opened_at, state_consumed_at, completed_at)
SELECT 'flw_' || substr(md5('f' || i), 1, 26), 'bench', 'user-' || (i % 10000), 'srv-' || (i % 50), 'srv-' || (i % 50),
       'https://mcp' || (i % 50) || '.example.com/mcp', 'https://mcp' || (i % 50) || '.example.com/mcp',
       'https://auth' || (i % 50) || '.example.com', 'cli_' || substr(md5('c' || (i % 50)), 1, 26), 'mcp:tools',
       CASE WHEN i % 10 = 0 THEN 'pending' WHEN i % 10 IN (1, 2) THEN 'failed' WHEN i % 10 = 3 THEN 'expired'
            ELSE 'authorized' END,
       NULL, substr(md5('l' || i), 1, 32), NULL, NULL, NULL, NULL,
       CASE WHEN i % 10 IN (1, 2) THEN 'access_denied' END, CASE WHEN i % 10 IN (1, 2) THEN 'The user declined.' END,
       :now - (:flows - i) * 2000, :now - (:flows - i) * 2000 + 600000, NULL, NULL,
       CASE WHEN i % 10 <> 0 THEN :now - (:flows - i) * 2000 + 30000 END
FROM generate_series(1, :flows) AS i;

INSERT INTO events (id, tenant, type, subject, server_id, server_slug, flow_id, connection_id, context_json,
                    payload_json, notice, created_at)
SELECT 'evt_' || substr(md5('e' || i), 1, 26), 'bench', 'assistant_mcp_auth_required', 'user-' || (i % 10000),
       'srv-' || (i % 50), 'srv-' || (i % 50), 'flw_' || substr(md5('f' || i), 1, 26), NULL, NULL,
       '{"type":"assistant_mcp_auth_required"}',
       '<message-context>' || chr(10) || 'EventType: assistant_mcp_auth_required' || chr(10) || '</message-context>',
       :now - (:flows - i) * 2000
FROM generate_series(1, :flows) AS i;

INSERT INTO connections (id, tenant, subject, server_id, server_slug, server_url, resource, issuer, client_ref, status,
                         scopes, tokens_sealed, key_id, access_expires_at, has_refresh_token, last_refresh_at,
                         refresh_failures, last_error, next_refresh_after, refresh_lease_until, version, created_at,
                         updated_at)
SELECT 'con_' || substr(md5('k' || i), 1, 26), 'bench', 'user-' || (i % 10000), 'srv-' || (i / 10000),
       'srv-' || (i / 10000), 'https://mcp' || (i / 10000) || '.example.com/mcp',
       'https://mcp' || (i / 10000) || '.example.com/mcp', 'https://auth' || (i / 10000) || '.example.com',
       'cli_' || substr(md5('c' || (i / 10000)), 1, 26),
       CASE WHEN i % 20 = 0 THEN 'reauthorization_required' ELSE 'active' END, 'mcp:tools', NULL, NULL,
       :now + 3600000, TRUE, NULL, 0, NULL, NULL, NULL, 1, :now - (:connections - i) * 20000, :now
FROM generate_series(0, :connections - 1) AS i;

ANALYZE flows;
ANALYZE events;
ANALYZE connections;
