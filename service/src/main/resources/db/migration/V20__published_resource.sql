-- The resource identifier exactly as the protected-resource metadata publishes it (RFC 8707, RFC 9728 §3):
-- what authorization, token and refresh requests send. `resource` stays the canonical server URL, the
-- key connections are found by; the two differ when the metadata names the server's origin or spells
-- the identifier differently (a trailing slash). NULL — rows written before this column, or by an
-- instance that does not know it yet during a rolling upgrade — means the same as `resource`.
ALTER TABLE flows ADD COLUMN published_resource VARCHAR(2000);
ALTER TABLE connections ADD COLUMN published_resource VARCHAR(2000);
