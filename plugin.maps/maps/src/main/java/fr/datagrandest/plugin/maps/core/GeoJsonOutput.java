package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.util.Map;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import com.fasterxml.jackson.core.JsonGenerator;

/** Writes JTS geometries and features as GeoJSON on a streaming generator. */
final class GeoJsonOutput {

    private GeoJsonOutput() {
    }

    /**
     * One feature; the geometry is written as given (the caller projects it), with coordinates in
     * (first axis, second axis) order: {@code swapAxes} writes (north, east) for EPSG:4326 in OGC API Part 2.
     */
    static void feature(JsonGenerator g, MapFeature f, Geometry geometry, boolean swapAxes, int decimals,
            String layerId) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeNumberField("id", f.fid());
        g.writeFieldName("geometry");
        geometry(g, geometry, swapAxes, decimals);
        g.writeObjectFieldStart("properties");
        if (layerId != null) {
            g.writeStringField("layer", layerId);
        }
        for (Map.Entry<String, Object> e : f.properties().entrySet()) {
            g.writeFieldName(e.getKey());
            g.writeObject(e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    static void geometry(JsonGenerator g, Geometry geometry, boolean swap, int decimals) throws IOException {
        if (geometry == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        if (geometry instanceof Point p) {
            g.writeStringField("type", "Point");
            g.writeFieldName("coordinates");
            position(g, p.getCoordinateSequence(), 0, swap, decimals);
        } else if (geometry instanceof LineString l) {
            g.writeStringField("type", "LineString");
            g.writeFieldName("coordinates");
            sequence(g, l.getCoordinateSequence(), swap, decimals);
        } else if (geometry instanceof Polygon p) {
            g.writeStringField("type", "Polygon");
            g.writeFieldName("coordinates");
            polygon(g, p, swap, decimals);
        } else if (geometry instanceof MultiPoint mp) {
            g.writeStringField("type", "MultiPoint");
            g.writeArrayFieldStart("coordinates");
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                position(g, ((Point) mp.getGeometryN(i)).getCoordinateSequence(), 0, swap, decimals);
            }
            g.writeEndArray();
        } else if (geometry instanceof MultiLineString ml) {
            g.writeStringField("type", "MultiLineString");
            g.writeArrayFieldStart("coordinates");
            for (int i = 0; i < ml.getNumGeometries(); i++) {
                sequence(g, ((LineString) ml.getGeometryN(i)).getCoordinateSequence(), swap, decimals);
            }
            g.writeEndArray();
        } else if (geometry instanceof MultiPolygon mp) {
            g.writeStringField("type", "MultiPolygon");
            g.writeArrayFieldStart("coordinates");
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                polygon(g, (Polygon) mp.getGeometryN(i), swap, decimals);
            }
            g.writeEndArray();
        } else if (geometry instanceof GeometryCollection gc) {
            g.writeStringField("type", "GeometryCollection");
            g.writeArrayFieldStart("geometries");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                geometry(g, gc.getGeometryN(i), swap, decimals);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void polygon(JsonGenerator g, Polygon p, boolean swap, int decimals) throws IOException {
        g.writeStartArray();
        sequence(g, p.getExteriorRing().getCoordinateSequence(), swap, decimals);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            sequence(g, p.getInteriorRingN(i).getCoordinateSequence(), swap, decimals);
        }
        g.writeEndArray();
    }

    private static void sequence(JsonGenerator g, CoordinateSequence seq, boolean swap, int decimals)
            throws IOException {
        g.writeStartArray();
        for (int i = 0; i < seq.size(); i++) {
            position(g, seq, i, swap, decimals);
        }
        g.writeEndArray();
    }

    private static void position(JsonGenerator g, CoordinateSequence seq, int i, boolean swap, int decimals)
            throws IOException {
        double x = seq.getX(i);
        double y = seq.getY(i);
        g.writeStartArray();
        g.writeNumber(round(swap ? y : x, decimals));
        g.writeNumber(round(swap ? x : y, decimals));
        g.writeEndArray();
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
