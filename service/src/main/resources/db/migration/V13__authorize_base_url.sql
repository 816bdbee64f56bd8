-- A flow stores its authorization URL without state or PKCE challenge (nothing secret in it): the
-- link's first opening mints the verifier and seals it into the state (AuthorizationRedirect).
-- authorize_url_sealed stays for flows started before this version; new flows leave it empty.
ALTER TABLE flows ADD COLUMN authorize_base_url VARCHAR(8000);
ALTER TABLE flows ADD COLUMN iss_required BOOLEAN;
