/**
 * What the metadata catalogue tells other plugins about the datasets it describes. A
 * {@link fr.datagrandest.platform.api.catalog.DatasetCatalog} service exists only while a catalogue plugin runs, so
 * consumers (the licence guide, the map layers) reference it optionally and dynamically.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.catalog;
