-- Erasure on request (RGPD): a tombstone per erased person keeps imports and the LDAP synchronisation from
-- creating them again. It holds no personal data in clear: keyed hashes (HMAC-SHA-256) of the normalised e-mail
-- address and of the LDAP entry key (entryUUID, or the DN), with the key in a table of its own.
CREATE TABLE erasure_key (
    id     INTEGER PRIMARY KEY,
    secret TEXT NOT NULL
);

CREATE TABLE erasure_tombstone (
    id           BIGSERIAL PRIMARY KEY,
    erased_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    email_digest TEXT,
    ldap_digest  TEXT
);
CREATE INDEX erasure_tombstone_email ON erasure_tombstone (email_digest);
CREATE INDEX erasure_tombstone_ldap ON erasure_tombstone (ldap_digest);
