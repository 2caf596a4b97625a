package fr.datagrandest.plugin.ocs.generator;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The indicators a synthetic dataset must give, known by construction: each polygon belongs to the commune
 * it was cut from and its classes are known, so the figures are plain sums over the polygons.
 */
public final class ExpectedIndicators {

    /** Figures of one commune (or of a sum of communes). All areas in m². */
    public static final class Figures {
        public final Map<String, Double> coverArea1 = new TreeMap<>();
        public final Map<String, Double> coverArea2 = new TreeMap<>();
        public final Map<String, Double> useArea1 = new TreeMap<>();
        public final Map<String, Double> useArea2 = new TreeMap<>();
        public double totalArea;
        public double artificialised1;
        public double artificialised2;
        public double impervious1;
        public double impervious2;
        /** Area not artificialised in vintage 1 and artificialised in vintage 2. */
        public double artificialisation;
        /** Area artificialised in vintage 1 and not in vintage 2. */
        public double deArtificialisation;
        /** Area with an ENAF use in vintage 1 and another use in vintage 2. */
        public double enafConsumption;
        /** ZAN 2021–2031 allowance (sum of the communes' allowances). */
        public double zanAllowance;
        public int polygons;
        /** Polygons that are artificialised by class but below the décret's size threshold, both vintages. */
        public int belowThreshold;

        void add(Figures o) {
            o.coverArea1.forEach((k, v) -> coverArea1.merge(k, v, Double::sum));
            o.coverArea2.forEach((k, v) -> coverArea2.merge(k, v, Double::sum));
            o.useArea1.forEach((k, v) -> useArea1.merge(k, v, Double::sum));
            o.useArea2.forEach((k, v) -> useArea2.merge(k, v, Double::sum));
            totalArea += o.totalArea;
            artificialised1 += o.artificialised1;
            artificialised2 += o.artificialised2;
            impervious1 += o.impervious1;
            impervious2 += o.impervious2;
            artificialisation += o.artificialisation;
            deArtificialisation += o.deArtificialisation;
            enafConsumption += o.enafConsumption;
            zanAllowance += o.zanAllowance;
            polygons += o.polygons;
            belowThreshold += o.belowThreshold;
        }
    }

    private final Map<String, Figures> byCommune = new LinkedHashMap<>();

    /** Computes the expected figures of a dataset. */
    public ExpectedIndicators(SyntheticDataset dataset) {
        for (CommuneOutline c : dataset.communes()) {
            byCommune.put(c.code(), new Figures());
        }
        for (SyntheticPolygon p : dataset.polygons()) {
            Figures f = byCommune.get(p.commune());
            double a = p.area();
            f.polygons++;
            f.totalArea += a;
            f.coverArea1.merge(p.cs1(), a, Double::sum);
            f.coverArea2.merge(p.cs2(), a, Double::sum);
            f.useArea1.merge(p.us1(), a, Double::sum);
            f.useArea2.merge(p.us2(), a, Double::sum);
            boolean art1 = DecretRule.artificialised(p.cs1(), p.us1(), a);
            boolean art2 = DecretRule.artificialised(p.cs2(), p.us2(), a);
            if (!art1 && DecretRule.artificialised(p.cs1(), p.us1(), 1e12)) {
                f.belowThreshold++;
            }
            if (!art2 && DecretRule.artificialised(p.cs2(), p.us2(), 1e12)) {
                f.belowThreshold++;
            }
            f.artificialised1 += art1 ? a : 0;
            f.artificialised2 += art2 ? a : 0;
            f.impervious1 += DecretRule.impervious(p.cs1()) ? a : 0;
            f.impervious2 += DecretRule.impervious(p.cs2()) ? a : 0;
            f.artificialisation += !art1 && art2 ? a : 0;
            f.deArtificialisation += art1 && !art2 ? a : 0;
            f.enafConsumption += DecretRule.enaf(p.us1()) && !DecretRule.enaf(p.us2()) ? a : 0;
        }
        int years = dataset.year2() - dataset.year1();
        for (Figures f : byCommune.values()) {
            // half of the 2011-2021 consumption, estimated at the observed yearly rate; at least 1 ha
            f.zanAllowance = Math.max(10 * f.enafConsumption / years / 2, 10_000);
        }
    }

    /**
     * The figures of the dataset clipped to a drawn area (Lambert-93): each polygon counts for its part inside
     * the area, and is artificialised or not by the décret's rule applied to the whole polygon (its size
     * threshold is the polygon's, not the part's). Flows are the parts whose classes change (the polygons
     * are the same in both vintages). No ZAN allowance: it is defined per commune.
     */
    public static Figures within(SyntheticDataset dataset, Geometry area) {
        Figures f = new Figures();
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        for (SyntheticPolygon p : dataset.polygons()) {
            if (!prepared.intersects(p.geometry())) {
                continue;
            }
            double a = p.geometry().intersection(area).getArea();
            if (a <= 0) {
                continue;
            }
            f.polygons++;
            f.totalArea += a;
            f.coverArea1.merge(p.cs1(), a, Double::sum);
            f.coverArea2.merge(p.cs2(), a, Double::sum);
            f.useArea1.merge(p.us1(), a, Double::sum);
            f.useArea2.merge(p.us2(), a, Double::sum);
            boolean art1 = DecretRule.artificialised(p.cs1(), p.us1(), p.area());
            boolean art2 = DecretRule.artificialised(p.cs2(), p.us2(), p.area());
            f.artificialised1 += art1 ? a : 0;
            f.artificialised2 += art2 ? a : 0;
            f.impervious1 += DecretRule.impervious(p.cs1()) ? a : 0;
            f.impervious2 += DecretRule.impervious(p.cs2()) ? a : 0;
            f.artificialisation += !art1 && art2 ? a : 0;
            f.deArtificialisation += art1 && !art2 ? a : 0;
            f.enafConsumption += DecretRule.enaf(p.us1()) && !DecretRule.enaf(p.us2()) ? a : 0;
        }
        return f;
    }

    /** The figures of one commune. */
    public Figures commune(String code) {
        return byCommune.get(code);
    }

    /** The sum of the figures of these communes. */
    public Figures sum(Collection<String> communes) {
        Figures total = new Figures();
        for (String c : communes) {
            total.add(byCommune.get(c));
        }
        return total;
    }

    /** Every commune's figures, by INSEE code. */
    public Map<String, Figures> communes() {
        return byCommune;
    }
}
