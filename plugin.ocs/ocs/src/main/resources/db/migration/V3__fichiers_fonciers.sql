-- Cerema "fichiers fonciers": consumption of natural, agricultural and forest spaces per commune and year
-- (consumption_year: from 1 January of that year to 1 January of the next), in m², by destination; replaces
-- the estimate from OCS GE flows for the ZAN reference of the communes it covers.
CREATE TABLE ff_import (
    id BIGSERIAL PRIMARY KEY,
    source_name VARCHAR(255),
    username VARCHAR(100),
    communes INTEGER NOT NULL,
    first_year INTEGER NOT NULL,
    last_year INTEGER NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE ff_consumption (
    commune VARCHAR(5) NOT NULL,
    consumption_year INTEGER NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    activity DOUBLE PRECISION NOT NULL,
    habitat DOUBLE PRECISION NOT NULL,
    mixed DOUBLE PRECISION NOT NULL,
    road DOUBLE PRECISION NOT NULL,
    rail DOUBLE PRECISION NOT NULL,
    undetermined DOUBLE PRECISION NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (commune, consumption_year)
);
