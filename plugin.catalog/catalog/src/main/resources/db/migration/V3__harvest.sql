-- Harvesting: where a record came from (NULL for records imported here), the remote sources and a report per run.
ALTER TABLE record ADD COLUMN harvest_source VARCHAR(64);
ALTER TABLE record ADD COLUMN harvest_checksum VARCHAR(64);
CREATE INDEX record_harvest_source ON record (harvest_source);
CREATE TABLE harvest_source (
    id               VARCHAR(64) PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    protocol         VARCHAR(16) NOT NULL,
    url              VARCHAR(2000) NOT NULL,
    interval_minutes INTEGER NOT NULL,
    created_by       VARCHAR(256),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE harvest_run (
    id          VARCHAR(64) PRIMARY KEY,
    source_id   VARCHAR(64) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    report      VARCHAR NOT NULL
);
CREATE INDEX harvest_run_source ON harvest_run (source_id, started_at);
