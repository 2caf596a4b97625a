package fr.datagrandest.plugin.maps.core;

import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/**
 * One feature of a layer: its identifier within the layer (1, 2, …), its geometry in WGS 84
 * longitude/latitude and its properties (strings, numbers, booleans, in the source's order).
 */
public record MapFeature(int fid, Geometry geometry, Map<String, Object> properties) {
}
