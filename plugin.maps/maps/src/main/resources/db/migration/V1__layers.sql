-- Published layers. A layer's features belong to a data version: a new upload writes a new version, then
-- switches current_version in one statement, so readers see the old or the new data, never a mix.
CREATE TABLE layer (
    id              VARCHAR(64) PRIMARY KEY,
    title           VARCHAR(300) NOT NULL,
    abstract        TEXT,
    keywords        TEXT,
    attribution     TEXT,
    licence         TEXT,
    theme           VARCHAR(200),
    source_crs      VARCHAR(40) NOT NULL,
    source_format   VARCHAR(40) NOT NULL,
    style_json      TEXT NOT NULL,
    current_version BIGINT NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Geometry in WGS 84 longitude/latitude as WKB, properties as a JSON object.
CREATE TABLE feature (
    layer_id   VARCHAR(64) NOT NULL,
    version    BIGINT NOT NULL,
    fid        INTEGER NOT NULL,
    geom       BYTEA NOT NULL,
    properties TEXT NOT NULL,
    PRIMARY KEY (layer_id, version, fid)
);

CREATE TABLE layer_version_seq (
    id    INTEGER PRIMARY KEY,
    next_version BIGINT NOT NULL
);
INSERT INTO layer_version_seq (id, next_version) VALUES (1, 0);

-- The demo layers are published once: a user who deletes one does not get it back at the next start.
CREATE TABLE demo_published (
    id      INTEGER PRIMARY KEY,
    done_at TIMESTAMP WITH TIME ZONE NOT NULL
);
