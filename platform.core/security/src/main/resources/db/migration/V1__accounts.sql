-- Accounts: local ones carry a password hash ("pbkdf2-sha256$<iterations>$<salt>$<hash>"), accounts signed in
-- through LDAP have none. Roles and collèges are separate rows so they can be queried and constrained.
CREATE TABLE accounts (
    username      VARCHAR(64)              NOT NULL PRIMARY KEY,
    source        VARCHAR(16)              NOT NULL,
    password_hash VARCHAR(255),
    enabled       BOOLEAN                  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT accounts_source CHECK (source IN ('local', 'ldap'))
);

CREATE TABLE account_roles (
    username VARCHAR(64) NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    role     VARCHAR(32) NOT NULL,
    PRIMARY KEY (username, role)
);

CREATE TABLE account_colleges (
    username VARCHAR(64) NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    college  VARCHAR(64) NOT NULL,
    PRIMARY KEY (username, college)
);
