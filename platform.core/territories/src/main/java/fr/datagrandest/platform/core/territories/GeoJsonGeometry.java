package fr.datagrandest.platform.core.territories;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/** GeoJSON geometry objects (RFC 7946) for the polygons territories are made of, ready for Jackson. */
final class GeoJsonGeometry {

    private GeoJsonGeometry() {
    }

    static Map<String, Object> of(Geometry geometry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", geometry.getGeometryType());
        if (geometry instanceof Polygon polygon) {
            json.put("coordinates", rings(polygon));
        } else if (geometry instanceof MultiPolygon multi) {
            List<List<double[][]>> polygons = new ArrayList<>();
            for (int i = 0; i < multi.getNumGeometries(); i++) {
                polygons.add(rings((Polygon) multi.getGeometryN(i)));
            }
            json.put("coordinates", polygons);
        } else {
            throw new IllegalArgumentException("territory outlines are polygons, not " + geometry.getGeometryType());
        }
        return json;
    }

    private static List<double[][]> rings(Polygon polygon) {
        List<double[][]> rings = new ArrayList<>();
        if (polygon.isEmpty()) {
            return rings;
        }
        rings.add(positions(polygon.getExteriorRing().getCoordinateSequence()));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(positions(polygon.getInteriorRingN(i).getCoordinateSequence()));
        }
        return rings;
    }

    private static double[][] positions(CoordinateSequence sequence) {
        double[][] positions = new double[sequence.size()][];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = new double[] {sequence.getX(i), sequence.getY(i)};
        }
        return positions;
    }
}
