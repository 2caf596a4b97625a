package fr.datagrandest.plugin.ocs.core;

import org.locationtech.jts.geom.Geometry;

/** One polygon read from an OCS GE GeoPackage. */
record OcsFeature(String id, String cs, String us, String millesime, Geometry geometry) {
}
