-- First version of this plugin's schema. Once released, a migration never changes: add V2__..., V3__...
-- SQL that both H2 (PostgreSQL mode) and PostgreSQL accept.
CREATE TABLE note (
    id         BIGSERIAL PRIMARY KEY,
    title      VARCHAR(200) NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
