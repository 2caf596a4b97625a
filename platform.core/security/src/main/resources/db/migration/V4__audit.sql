-- The append-only audit log. Each row carries the SHA-256 of the previous row and its own SHA-256 over its
-- content and that link, so a changed or removed row breaks the chain. seq is dense (1, 2, 3…): the primary
-- key makes two nodes appending at once take turns instead of forking the chain.
CREATE TABLE audit_events (
    seq             BIGINT                   NOT NULL PRIMARY KEY,
    event_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor           VARCHAR(64)              NOT NULL,
    action          VARCHAR(64)              NOT NULL,
    target          VARCHAR(255)             NOT NULL,
    result          VARCHAR(16)              NOT NULL,
    detail          VARCHAR(4000)            NOT NULL,
    previous_sha256 CHAR(64)                 NOT NULL,
    row_sha256      CHAR(64)                 NOT NULL
);
