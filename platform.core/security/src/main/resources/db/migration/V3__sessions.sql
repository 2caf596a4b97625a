-- Browser sessions live in the database so that every node behind a load balancer knows them. The cookie
-- value is stored as its SHA-256 only; the CSRF token is returned to the signed-in user by GET /api/auth/me.
CREATE TABLE sessions (
    id_sha256    CHAR(64)                 NOT NULL PRIMARY KEY,
    username     VARCHAR(64)              NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    csrf_token   VARCHAR(64)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (username);

-- Failed sign-ins, per username and per client address, for throttling (shared by all nodes as well).
CREATE TABLE login_failures (
    subject   VARCHAR(200)             NOT NULL,
    failed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX login_failures_by_subject ON login_failures (subject, failed_at);
