-- A layer read live from a PostGIS table or view (only when the platform runs on PostgreSQL): where to find it.
-- Such a layer has no rows in feature; its description (columns, SRID, extent) is read again at each load.
ALTER TABLE layer ADD COLUMN source_table VARCHAR(200);
ALTER TABLE layer ADD COLUMN geometry_column VARCHAR(64);
ALTER TABLE layer ADD COLUMN id_column VARCHAR(64);
