-- The resource identifier exactly as the protected-resource metadata publishes it (RFC 8707, RFC 9728 §3):
-- what authorization, token and refresh requests send. `resource` stays the canonical server URL, the
-- key connections are found by; the two differ when the metadata names the server's origin or spells
-- the identifier differently (a trailing slash). Rows written before this column send their key, as before.
ALTER TABLE flows ADD COLUMN published_resource VARCHAR(2000);
UPDATE flows SET published_resource = resource;
ALTER TABLE flows ALTER COLUMN published_resource SET NOT NULL;

ALTER TABLE connections ADD COLUMN published_resource VARCHAR(2000);
UPDATE connections SET published_resource = resource;
ALTER TABLE connections ALTER COLUMN published_resource SET NOT NULL;
