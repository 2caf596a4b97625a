/**
 * Maps that plugins offer to each other. A {@link fr.datagrandest.platform.api.maps.MapPreview} service exists only
 * while a map plugin runs, so consumers reference it optionally and dynamically. The other way round, a plugin
 * registers {@link fr.datagrandest.platform.api.maps.LayerSource} services (whiteboard) for the map plugin, when it
 * runs, to publish through its map services.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package fr.datagrandest.platform.api.maps;
