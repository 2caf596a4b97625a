-- Synchronisation with an LDAP directory: which entry a person or working group comes from (entryUUID, or the DN
-- when the server gives none), and since when it is no longer there (marked, never deleted by the sync).
ALTER TABLE person ADD COLUMN ldap_key TEXT;
ALTER TABLE person ADD COLUMN ldap_missing_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX person_ldap_key ON person (ldap_key);
ALTER TABLE working_group ADD COLUMN ldap_key TEXT;
ALTER TABLE working_group ADD COLUMN ldap_missing_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE ldap_sync_report (
    id      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor   TEXT NOT NULL,
    dry_run BOOLEAN NOT NULL,
    report  TEXT NOT NULL
);
