package fr.datagrandest.plugin.ocs.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The commune outlines of a département in Lambert-93, to attribute OCS GE polygons to communes. A polygon
 * inside one commune goes to it whole (its own area, so sums stay exact); a polygon across a border is cut.
 * Safe for concurrent use once built (every lazy index is built in the constructor).
 */
final class CommuneIndex {

    /** One commune outline. */
    record Commune(String code, Geometry outline, PreparedGeometry prepared, IndexedPointInAreaLocator locator,
            IndexedFacetDistance border) {
    }

    private final STRtree tree = new STRtree();
    private final List<Commune> communes = new ArrayList<>();

    CommuneIndex(Map<String, Geometry> outlines) {
        outlines.forEach((code, g) -> {
            Commune c = new Commune(code, g, PreparedGeometryFactory.prepare(g), new IndexedPointInAreaLocator(g),
                    new IndexedFacetDistance(g));
            // JTS builds these indexes lazily: build them now so that concurrent imports only read them
            c.locator().locate(g.getCoordinate());
            c.prepared().containsProperly(g.getFactory().toGeometry(new Envelope(g.getCoordinate())));
            c.border().distance(g.getFactory().createPoint(g.getCoordinate()));
            communes.add(c);
            tree.insert(g.getEnvelopeInternal(), c);
        });
        tree.build();
    }

    /**
     * Whether the polygon has a vertex outside the commune by more than a centimetre. Polygons cut along the
     * commune border (IGN, the generator) have their border vertices on it, within rounding: they stay whole.
     */
    private static boolean leaves(Commune commune, Geometry polygon) {
        // most polygons lie well inside their commune: one prepared test on the envelope settles them
        Envelope e = polygon.getEnvelopeInternal();
        if (commune.prepared().containsProperly(polygon.getFactory().toGeometry(e))) {
            return false;
        }
        for (Coordinate c : polygon.getCoordinates()) {
            if (commune.locator().locate(c) == Location.EXTERIOR
                    && commune.border().distance(polygon.getFactory().createPoint(c)) > 0.01) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return communes.isEmpty();
    }

    /**
     * The area of the polygon in each commune (m²). Area outside every commune is under the key "".
     */
    Map<String, Double> split(Geometry polygon) {
        double area = polygon.getArea();
        @SuppressWarnings("unchecked")
        List<Commune> candidates = tree.query(polygon.getEnvelopeInternal());
        Map<String, Double> result = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            result.put("", area);
            return result;
        }
        Point inside = polygon.getInteriorPoint();
        Commune main = null;
        for (Commune c : candidates) {
            if (c.locator().locate(inside.getCoordinate()) != Location.EXTERIOR) {
                main = c;
                break;
            }
        }
        if (main != null && !leaves(main, polygon)) {
            result.put(main.code(), area);
            return result;
        }
        double attributed = 0;
        for (Commune c : candidates) {
            double part = c.outline().intersection(polygon).getArea();
            if (part > 0) {
                result.merge(c.code(), part, Double::sum);
                attributed += part;
            }
        }
        double outside = area - attributed;
        if (outside > area * 1e-9) {
            result.merge("", outside, Double::sum);
        }
        return result;
    }
}
