-- The identifier of the catalogue record that describes a layer (empty: none), linked when the catalogue runs.
ALTER TABLE layer ADD COLUMN catalog_record VARCHAR(300) DEFAULT '' NOT NULL;
