package fr.datagrandest.plugin.ocs.generator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads commune outlines from GeoJSON in WGS 84 and projects them to Lambert-93. */
public final class CommuneOutlines {

    /** The Lambert-93 projection from its defining parameters (no EPSG database needed). */
    private static final String LAMBERT93 = "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 "
            + "+y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";

    private CommuneOutlines() {
    }

    /** The communes of Haut-Rhin (68) shipped with the generator, for tests and the demo. */
    public static List<CommuneOutline> hautRhinSample() {
        return bundled("communes-68.geojson.gz");
    }

    private static List<CommuneOutline> bundled(String resource) {
        try (InputStream in = CommuneOutlines.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a FeatureCollection (plain or gzip) with properties code, nom, departement, epci, population. */
    public static List<CommuneOutline> read(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            in = new GZIPInputStream(in);
        }
        JsonNode root = new ObjectMapper().readTree(in);
        CoordinateTransform toLambert = new CoordinateTransformFactory().createTransform(
                new CRSFactory().createFromParameters("WGS84", "+proj=longlat +datum=WGS84 +no_defs"),
                new CRSFactory().createFromParameters("L93", LAMBERT93));
        GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 2154);
        List<CommuneOutline> result = new ArrayList<>();
        for (JsonNode feature : root.path("features")) {
            JsonNode p = feature.path("properties");
            JsonNode g = feature.path("geometry");
            List<Polygon> polygons = new ArrayList<>();
            if ("Polygon".equals(g.path("type").asText())) {
                polygons.add(polygon(g.path("coordinates"), factory, toLambert));
            } else {
                for (JsonNode poly : g.path("coordinates")) {
                    polygons.add(polygon(poly, factory, toLambert));
                }
            }
            Geometry outline = polygons.size() == 1 ? polygons.get(0)
                    : factory.createMultiPolygon(polygons.toArray(Polygon[]::new));
            if (!outline.isValid()) {
                outline = outline.buffer(0);
            }
            result.add(new CommuneOutline(p.path("code").asText(), p.path("nom").asText(),
                    p.path("departement").asText(), p.path("epci").asText(""), p.path("population").asLong(0),
                    outline));
        }
        return result;
    }

    private static Polygon polygon(JsonNode rings, GeometryFactory factory, CoordinateTransform t) {
        LinearRing shell = null;
        List<LinearRing> holes = new ArrayList<>();
        for (JsonNode ring : rings) {
            Coordinate[] cs = new Coordinate[ring.size()];
            for (int i = 0; i < ring.size(); i++) {
                ProjCoordinate out = t.transform(
                        new ProjCoordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble()),
                        new ProjCoordinate());
                // to the centimetre, like the platform's territory outlines
                cs[i] = new Coordinate(Math.round(out.x * 100) / 100.0, Math.round(out.y * 100) / 100.0);
            }
            LinearRing r = factory.createLinearRing(cs);
            if (shell == null) {
                shell = r;
            } else {
                holes.add(r);
            }
        }
        return factory.createPolygon(shell, holes.toArray(LinearRing[]::new));
    }
}
