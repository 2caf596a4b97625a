-- One row per metadata record: the original document byte for byte, and the fields derived from it.
CREATE TABLE record (
    identifier      VARCHAR(1000) PRIMARY KEY,
    standard        VARCHAR(32) NOT NULL,
    title           VARCHAR,
    resource_type   VARCHAR(64),
    organisation    VARCHAR,
    date_stamp      VARCHAR(64),
    west            DOUBLE PRECISION,
    south           DOUBLE PRECISION,
    east            DOUBLE PRECISION,
    north           DOUBLE PRECISION,
    derived         CHARACTER LARGE OBJECT NOT NULL,
    original        BINARY LARGE OBJECT NOT NULL,
    original_name   VARCHAR(512),
    original_sha256 VARCHAR(64) NOT NULL,
    imported_by     VARCHAR(256),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX record_updated ON record (updated_at);
CREATE INDEX record_organisation ON record (organisation);
