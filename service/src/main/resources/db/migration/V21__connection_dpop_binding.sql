-- DPoP (RFC 9449): the RFC 7638 thumbprint of Latchkey's DPoP key a connection's tokens are bound to
-- (the token's cnf.jkt). NULL: Bearer tokens. Not secret: it names a public key; the console shows it.
ALTER TABLE connections ADD COLUMN dpop_jkt VARCHAR(64);
