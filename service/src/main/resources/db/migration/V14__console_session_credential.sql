-- A console session records the credential it was signed in with (a SHA-256 of the operator's
-- password hash), so it ends as soon as the operator is removed or the password changes — also when
-- the CLI changes it on another process. Sessions from before have none and must sign in again.
ALTER TABLE console_sessions ADD COLUMN credential VARCHAR(64);
