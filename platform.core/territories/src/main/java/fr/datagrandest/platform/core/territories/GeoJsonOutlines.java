package fr.datagrandest.platform.core.territories;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the polygons of a GeoJSON FeatureCollection, keyed by the feature's {@code code} property, with Jackson's
 * streaming parser: coordinates go straight into packed {@code double[]} sequences (16 bytes a point), with no
 * intermediate tree.
 */
final class GeoJsonOutlines {

    private static final JsonFactory JSON = new JsonFactory();

    /** A position read from a coordinates array, before it is packed into its ring. */
    private record Position(double x, double y) {
    }

    private GeoJsonOutlines() {
    }

    /**
     * The polygons by code; a feature without a {@code code} property gets {@code codeWhenMissing} (the région
     * file has a single feature and no properties).
     */
    static Map<String, Geometry> read(InputStream in, GeometryFactory factory, String codeWhenMissing)
            throws IOException {
        Map<String, Geometry> outlines = new HashMap<>();
        try (JsonParser parser = JSON.createParser(in)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("features") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        readFeature(parser, factory, codeWhenMissing, outlines);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return outlines;
    }

    private static void readFeature(JsonParser parser, GeometryFactory factory, String codeWhenMissing,
            Map<String, Geometry> outlines) throws IOException {
        String code = null;
        Geometry geometry = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("properties") && value == JsonToken.START_OBJECT) {
                code = readCode(parser);
            } else if (field.equals("geometry") && value == JsonToken.START_OBJECT) {
                geometry = readGeometry(parser, factory);
            } else {
                parser.skipChildren();
            }
        }
        String key = code != null ? code : codeWhenMissing;
        if (key == null || geometry == null) {
            throw new IOException("a feature lacks its code or its geometry near " + parser.currentLocation());
        }
        outlines.put(key, geometry);
    }

    private static String readCode(JsonParser parser) throws IOException {
        String code = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("code")) {
                code = parser.getValueAsString();
            } else {
                parser.skipChildren();
            }
        }
        return code;
    }

    private static Geometry readGeometry(JsonParser parser, GeometryFactory factory) throws IOException {
        String type = null;
        Object coordinates = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("type")) {
                type = parser.getValueAsString();
            } else if (field.equals("coordinates") && value == JsonToken.START_ARRAY) {
                coordinates = readArray(parser);
            } else {
                parser.skipChildren();
            }
        }
        if ("Polygon".equals(type) && coordinates instanceof List<?> rings) {
            return polygon(rings, factory);
        }
        if ("MultiPolygon".equals(type) && coordinates instanceof List<?> polygons) {
            List<Polygon> parts = new ArrayList<>();
            for (Object rings : polygons) {
                parts.add(polygon(asList(rings), factory));
            }
            return factory.createMultiPolygon(parts.toArray(Polygon[]::new));
        }
        throw new IOException("expected a Polygon or MultiPolygon with coordinates, found " + type
                + " near " + parser.currentLocation());
    }

    /**
     * Reads a coordinates array whose opening bracket is the current token: a position becomes a
     * {@link Position}, an array of positions (a ring) a packed {@code double[]} of x, y pairs, and any deeper
     * array a list of what it holds. So the nesting needs no knowledge of the geometry type.
     */
    private static Object readArray(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token != null && token.isNumeric()) {
            double x = parser.getDoubleValue();
            expectNumber(parser.nextToken(), parser);
            double y = parser.getDoubleValue();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                expectNumber(parser.currentToken(), parser); // an altitude, ignored
            }
            return new Position(x, y);
        }
        List<Object> items = new ArrayList<>();
        double[] ring = null;
        int size = 0;
        for (; token == JsonToken.START_ARRAY; token = parser.nextToken()) {
            Object item = readArray(parser);
            if (item instanceof Position position) {
                if (ring == null) {
                    ring = new double[64];
                } else if (size + 2 > ring.length) {
                    ring = Arrays.copyOf(ring, ring.length * 2);
                }
                ring[size++] = position.x();
                ring[size++] = position.y();
            } else {
                items.add(item);
            }
        }
        expect(token, JsonToken.END_ARRAY, parser);
        if (ring != null && !items.isEmpty()) {
            throw new IOException("positions and arrays mixed in one coordinates array near " + parser.currentLocation());
        }
        return ring != null ? Arrays.copyOf(ring, size) : items;
    }

    private static Polygon polygon(List<?> rings, GeometryFactory factory) throws IOException {
        if (rings.isEmpty()) {
            return factory.createPolygon();
        }
        LinearRing shell = ring(rings.get(0), factory);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), factory);
        }
        return factory.createPolygon(shell, holes);
    }

    private static LinearRing ring(Object ring, GeometryFactory factory) throws IOException {
        if (!(ring instanceof double[] xy)) {
            throw new IOException("a polygon ring is not an array of positions");
        }
        try {
            return factory.createLinearRing(new PackedCoordinateSequence.Double(xy, 2, 0));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid polygon ring: " + e.getMessage(), e);
        }
    }

    private static List<?> asList(Object value) throws IOException {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IOException("a MultiPolygon member is not an array of rings");
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser parser) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual + " near " + parser.currentLocation());
        }
    }

    private static void expectNumber(JsonToken actual, JsonParser parser) throws IOException {
        if (actual == null || !actual.isNumeric()) {
            throw new IOException("expected a number in a position but found " + actual + " near "
                    + parser.currentLocation());
        }
    }
}
