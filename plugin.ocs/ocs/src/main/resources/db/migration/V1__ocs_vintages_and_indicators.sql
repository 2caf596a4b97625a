-- Imports (with their progress and report), the vintages they produced, the polygons, and the per-commune
-- aggregates every indicator is summed from.
CREATE TABLE import_job (
    id BIGSERIAL PRIMARY KEY,
    departement VARCHAR(3),
    millesime INTEGER,
    status VARCHAR(16) NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    processed INTEGER NOT NULL DEFAULT 0,
    message TEXT,
    report TEXT,
    matrix VARCHAR(64),
    username VARCHAR(100),
    source_name VARCHAR(255),
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE vintage (
    departement VARCHAR(3) NOT NULL,
    millesime INTEGER NOT NULL,
    import_id BIGINT NOT NULL,
    nomenclature VARCHAR(64) NOT NULL,
    matrix VARCHAR(64) NOT NULL,
    polygons INTEGER NOT NULL,
    area DOUBLE PRECISION NOT NULL,
    synthetic BOOLEAN NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (departement, millesime)
);

CREATE TABLE ocs_polygon (
    departement VARCHAR(3) NOT NULL,
    millesime INTEGER NOT NULL,
    ocs_id VARCHAR(64) NOT NULL,
    code_cs VARCHAR(16) NOT NULL,
    code_us VARCHAR(16) NOT NULL,
    area DOUBLE PRECISION NOT NULL,
    artificialised BOOLEAN NOT NULL,
    commune VARCHAR(5) NOT NULL,
    -- the area in each commune when the polygon crosses commune borders, otherwise null (all in commune)
    communes TEXT,
    geom BYTEA NOT NULL,
    PRIMARY KEY (departement, millesime, ocs_id)
);

CREATE TABLE surface (
    departement VARCHAR(3) NOT NULL,
    millesime INTEGER NOT NULL,
    commune VARCHAR(5) NOT NULL,
    code_cs VARCHAR(16) NOT NULL,
    code_us VARCHAR(16) NOT NULL,
    artificialised BOOLEAN NOT NULL,
    area DOUBLE PRECISION NOT NULL,
    polygons INTEGER NOT NULL,
    PRIMARY KEY (departement, millesime, commune, code_cs, code_us, artificialised)
);

CREATE TABLE flow (
    departement VARCHAR(3) NOT NULL,
    from_year INTEGER NOT NULL,
    to_year INTEGER NOT NULL,
    commune VARCHAR(5) NOT NULL,
    cs_from VARCHAR(16) NOT NULL,
    us_from VARCHAR(16) NOT NULL,
    artificialised_from BOOLEAN NOT NULL,
    cs_to VARCHAR(16) NOT NULL,
    us_to VARCHAR(16) NOT NULL,
    artificialised_to BOOLEAN NOT NULL,
    area DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (departement, from_year, to_year, commune, cs_from, us_from, artificialised_from, cs_to, us_to,
                 artificialised_to)
);
CREATE INDEX flow_commune ON flow (commune);
CREATE INDEX surface_commune ON surface (commune);
