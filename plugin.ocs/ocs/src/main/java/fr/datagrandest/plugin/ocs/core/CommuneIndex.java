package fr.datagrandest.plugin.ocs.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The commune outlines of a département in Lambert-93, to attribute OCS GE polygons to communes. A polygon
 * inside one commune goes to it whole (its own area, so sums stay exact); a polygon across a border is cut.
 */
final class CommuneIndex {

    /** One commune outline. */
    record Commune(String code, Geometry outline, PreparedGeometry prepared) {
    }

    private final STRtree tree = new STRtree();
    private final List<Commune> communes = new ArrayList<>();

    CommuneIndex(Map<String, Geometry> outlines) {
        outlines.forEach((code, g) -> {
            Commune c = new Commune(code, g, PreparedGeometryFactory.prepare(g));
            communes.add(c);
            tree.insert(g.getEnvelopeInternal(), c);
        });
        tree.build();
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
            if (c.prepared().covers(inside)) {
                main = c;
                break;
            }
        }
        if (main != null) {
            if (main.prepared().covers(polygon)) {
                result.put(main.code(), area);
                return result;
            }
            double in = main.outline().intersection(polygon).getArea();
            // the generator and IGN cut polygons along commune borders: within rounding, it is whole
            if (in >= area * (1 - 1e-9)) {
                result.put(main.code(), area);
                return result;
            }
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
