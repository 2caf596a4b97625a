package fr.datagrandest.platform.api.territory;

/** Coordinate systems in which territory geometries are served. */
public enum CoordinateSystem {
    /** WGS 84 longitude/latitude (EPSG:4326 in longitude, latitude order, as in GeoJSON). */
    WGS84,
    /** RGF93 v1 / Lambert-93 (EPSG:2154), metres. */
    LAMBERT93
}
