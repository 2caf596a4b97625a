-- Flags of the catalogue itself, such as whether the demo content was loaded completely.
CREATE TABLE catalog_setting (
    setting_key   VARCHAR(100) PRIMARY KEY,
    setting_value VARCHAR(1000)
);
