/**
 * Maps that one plugin offers to others: a {@link fr.datagrandest.platform.api.maps.MapPreview} service exists only
 * while a map plugin runs, so consumers reference it optionally and dynamically.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.maps;
