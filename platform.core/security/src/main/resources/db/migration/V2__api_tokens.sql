-- API tokens for scripts. Only the SHA-256 of the secret is stored: the secret is shown once, at creation.
CREATE TABLE api_tokens (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    username      VARCHAR(64)              NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    name          VARCHAR(100)             NOT NULL,
    secret_sha256 CHAR(64)                 NOT NULL UNIQUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX api_tokens_by_user ON api_tokens (username);
