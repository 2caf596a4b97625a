package fr.datagrandest.plugin.ocs.generator;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Builds a synthetic OCS GE: each commune is cut into Voronoi cells clipped to its outline (an exact
 * partition), cells near the centre are small and mostly urban, the rest fields and forests; the second
 * vintage changes a few percent of the area (new houses, gardens and roads on fields near the centre, some
 * building sites finished, some wasteland returning to forest). Deterministic for a given seed.
 */
public final class SyntheticOcsGe {

    private static final EnumSet<LandType> NEW_URBAN = EnumSet.of(LandType.HOUSES, LandType.GARDENS,
            LandType.ROADS, LandType.WORKSHOPS, LandType.BUILDING_SITE, LandType.CAR_PARKS);

    private final long seed;
    private final double meanCellArea;
    private final GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 2154);

    /**
     * @param seed         random seed (same seed, same data)
     * @param meanCellArea mean polygon area in m² away from the centres (e.g. 80,000)
     */
    public SyntheticOcsGe(long seed, double meanCellArea) {
        this.seed = seed;
        this.meanCellArea = meanCellArea;
    }

    /** The synthetic OCS GE of these communes (all of one département) for two vintages. */
    public SyntheticDataset generate(String departement, List<CommuneOutline> communes, int year1, int year2) {
        List<SyntheticPolygon> polygons = new ArrayList<>();
        int[] counter = {0};
        for (CommuneOutline commune : communes) {
            Random random = new Random(seed * 31 + commune.code().hashCode());
            cut(departement, commune, random, polygons, counter);
        }
        return new SyntheticDataset(departement, year1, year2, List.copyOf(communes), polygons);
    }

    private void cut(String departement, CommuneOutline commune, Random random, List<SyntheticPolygon> out,
            int[] counter) {
        Geometry outline = commune.outline();
        double area = outline.getArea();
        Envelope env = outline.getEnvelopeInternal();
        PreparedGeometry inside = PreparedGeometryFactory.prepare(outline);
        Point centre = outline.getInteriorPoint();
        double density = commune.population() / Math.max(area / 1e6, 0.01);
        double urban = Math.clamp((density - 20) / 1500.0, 0.02, 0.9);
        double sigma = Math.sqrt(area) * (0.05 + 0.05 * urban);
        int uniform = (int) Math.clamp(Math.round(area / meanCellArea), 12, 600);
        int clustered = (int) Math.round(uniform * (0.3 + 0.6 * urban));

        List<Coordinate> sites = new ArrayList<>();
        int attempts = 0;
        while (sites.size() < uniform && attempts++ < uniform * 50) {
            Coordinate c = new Coordinate(env.getMinX() + random.nextDouble() * env.getWidth(),
                    env.getMinY() + random.nextDouble() * env.getHeight());
            if (inside.contains(factory.createPoint(c))) {
                sites.add(c);
            }
        }
        attempts = 0;
        int target = sites.size() + clustered;
        while (sites.size() < target && attempts++ < clustered * 50) {
            Coordinate c = new Coordinate(centre.getX() + random.nextGaussian() * sigma,
                    centre.getY() + random.nextGaussian() * sigma);
            if (inside.contains(factory.createPoint(c))) {
                sites.add(c);
            }
        }
        VoronoiDiagramBuilder voronoi = new VoronoiDiagramBuilder();
        voronoi.setSites(sites);
        Envelope clip = new Envelope(env);
        clip.expandBy(Math.max(env.getWidth(), env.getHeight()));
        voronoi.setClipEnvelope(clip);
        Geometry cells = voronoi.getDiagram(factory);
        for (int i = 0; i < cells.getNumGeometries(); i++) {
            Geometry cell = cells.getGeometryN(i);
            Geometry clipped = cell.intersection(outline);
            @SuppressWarnings("unchecked")
            List<Polygon> parts = PolygonExtracter.getPolygons(clipped);
            parts.removeIf(p -> p.isEmpty() || p.getArea() <= 0);
            if (parts.isEmpty()) {
                continue;
            }
            MultiPolygon geometry = factory.createMultiPolygon(parts.toArray(Polygon[]::new));
            Coordinate site = (Coordinate) cell.getUserData();
            double distance = site == null ? Double.MAX_VALUE : site.distance(centre.getCoordinate()) / (2 * sigma);
            LandType first = draw(random, distance < 1 ? Math.min(0.95, urban + (1 - distance) * 0.7)
                    : urban * 0.15);
            LandType second = evolve(random, first, distance);
            counter[0]++;
            out.add(new SyntheticPolygon(String.format("SYNTH_%s_%07d", departement, counter[0]), commune.code(),
                    geometry, geometry.getArea(), first.cs, first.us, second.cs, second.us));
        }
    }

    private static LandType draw(Random random, double urbanProbability) {
        boolean urbanSide = random.nextDouble() < urbanProbability;
        double total = 0;
        for (LandType t : LandType.values()) {
            total += urbanSide ? t.urbanWeight : t.ruralWeight;
        }
        double pick = random.nextDouble() * total;
        for (LandType t : LandType.values()) {
            pick -= urbanSide ? t.urbanWeight : t.ruralWeight;
            if (pick <= 0) {
                return t;
            }
        }
        return LandType.ARABLE;
    }

    /** What a polygon becomes in the second vintage: a few percent of change, mostly new urban land. */
    private static LandType evolve(Random random, LandType first, double distance) {
        double r = random.nextDouble();
        if (first.natural() && first != LandType.WATER) {
            double p = distance < 1.5 ? 0.015 : 0.0008;
            if (r < p) {
                LandType[] targets = NEW_URBAN.toArray(LandType[]::new);
                return targets[random.nextInt(targets.length)];
            }
            if (first == LandType.BROADLEAF_FOREST && r > 0.999) {
                return LandType.ARABLE;
            }
            return first;
        }
        if (first == LandType.BUILDING_SITE && r < 0.5) {
            return LandType.HOUSES;
        }
        if (first == LandType.WASTELAND && r < 0.08) {
            return LandType.BROADLEAF_FOREST;
        }
        if (first == LandType.QUARRY && r < 0.2) {
            return LandType.WATER;
        }
        return first;
    }
}
