package fr.datagrandest.plugin.ocs.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Indicators of an area a user draws: the stored OCS GE polygons clipped to it. Surfaces per cover and use
 * class, artificialised and impervious surfaces, and the flows between two vintages from the overlay of the
 * clipped polygons. A polygon is artificialised or not as it was at import (the décret's size threshold
 * applies to the whole polygon, not to the part inside the area).
 */
final class DrawnAreaIndicators {

    /** Larger areas are asked per territory (their indicators come from the per-commune aggregates). */
    static final double MAX_AREA_M2 = 1_000_000_000;
    static final int MAX_VERTICES = 100_000;

    private static final String LAMBERT93 = "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000"
            + " +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
    /** Metropolitan France in Lambert-93, with a margin: what a Lambert-93 area must lie in. */
    private static final Envelope LAMBERT93_EXTENT = new Envelope(0, 1_300_000, 6_000_000, 7_200_000);

    private final DataSource dataSource;
    private final Nomenclatures nomenclatures;
    private final Function<String, Map<String, Geometry>> communeOutlines;
    private final GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 2154);
    private final ObjectMapper json = new ObjectMapper();

    DrawnAreaIndicators(DataSource dataSource, Nomenclatures nomenclatures,
            Function<String, Map<String, Geometry>> communeOutlines) {
        this.dataSource = dataSource;
        this.nomenclatures = nomenclatures;
        this.communeOutlines = communeOutlines;
    }

    /**
     * The drawn area in Lambert-93 from a GeoJSON Polygon or MultiPolygon (a geometry, a Feature, or a
     * FeatureCollection of one Feature). Coordinates are longitude/latitude (EPSG:4326, RFC 7946) unless a
     * {@code crs} member names EPSG:2154.
     */
    Geometry parse(String body) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new OcsInputException(400, "the body is not JSON: send a GeoJSON Polygon or MultiPolygon");
        }
        if (root == null || !root.isObject()) {
            throw new OcsInputException(400, "the body is not JSON: send a GeoJSON Polygon or MultiPolygon");
        }
        String crs = crs(root);
        JsonNode geometry = root;
        if ("FeatureCollection".equals(root.path("type").asText())) {
            JsonNode features = root.path("features");
            if (features.size() != 1) {
                throw new OcsInputException(422, "a FeatureCollection must hold exactly one Feature (the drawn"
                        + " area); it holds " + features.size());
            }
            geometry = features.get(0);
            crs = crs == null ? crs(geometry) : crs;
        }
        if ("Feature".equals(geometry.path("type").asText())) {
            geometry = geometry.path("geometry");
            crs = crs == null ? crs(geometry) : crs;
        }
        String type = geometry.path("type").asText();
        boolean lambert = crs != null && crs.matches(".*(EPSG:{1,2}(\\d\\.?\\d*)?:?2154|EPSG/0/2154)$");
        if (crs != null && !lambert && !crs.matches(".*(EPSG:{1,2}(\\d\\.?\\d*)?:?4326|CRS84|EPSG/0/4326)$")) {
            throw new OcsInputException(422, "unsupported crs '" + crs + "': give longitude/latitude (EPSG:4326,"
                    + " no crs member) or Lambert-93 (\"crs\": {\"type\": \"name\", \"properties\": {\"name\":"
                    + " \"urn:ogc:def:crs:EPSG::2154\"}})");
        }
        List<Polygon> polygons = new ArrayList<>();
        int[] vertices = {0};
        CoordinateTransform toLambert = lambert ? null : new CoordinateTransformFactory().createTransform(
                new CRSFactory().createFromParameters("WGS84", "+proj=longlat +datum=WGS84 +no_defs"),
                new CRSFactory().createFromParameters("L93", LAMBERT93));
        switch (type) {
            case "Polygon" -> polygons.add(polygon(geometry.path("coordinates"), toLambert, vertices));
            case "MultiPolygon" -> {
                for (JsonNode p : geometry.path("coordinates")) {
                    polygons.add(polygon(p, toLambert, vertices));
                }
            }
            default -> throw new OcsInputException(422, "the drawn area must be a GeoJSON Polygon or MultiPolygon;"
                    + " got " + (type.isEmpty() ? "no geometry type" : type));
        }
        if (polygons.isEmpty()) {
            throw new OcsInputException(422, "the MultiPolygon has no polygon");
        }
        Geometry area = polygons.size() == 1 ? polygons.get(0)
                : factory.createMultiPolygon(polygons.toArray(Polygon[]::new));
        if (!LAMBERT93_EXTENT.contains(area.getEnvelopeInternal())) {
            throw new OcsInputException(422, lambert ? "the Lambert-93 coordinates lie outside metropolitan France"
                    : "the coordinates are not longitude/latitude in France; for Lambert-93 coordinates add"
                    + " \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::2154\"}}");
        }
        TopologyValidationError error = new IsValidOp(area).getValidationError();
        if (error != null) {
            throw new OcsInputException(422, "the drawn area is not a valid polygon: " + error.getMessage()
                    + " near " + String.format(Locale.ROOT, "(%.1f, %.1f)", error.getCoordinate().x,
                    error.getCoordinate().y) + " in Lambert-93");
        }
        double m2 = area.getArea();
        if (m2 <= 0) {
            throw new OcsInputException(422, "the drawn area is empty (zero area)");
        }
        if (m2 > MAX_AREA_M2) {
            throw new OcsInputException(422, String.format(Locale.ROOT, "the drawn area covers %.0f km², more than"
                    + " the %.0f km² allowed: ask the indicators of the communes, EPCI or département instead",
                    m2 / 1e6, MAX_AREA_M2 / 1e6));
        }
        return area;
    }

    private static String crs(JsonNode node) {
        JsonNode name = node.path("crs").path("properties").path("name");
        return name.isTextual() ? name.asText().trim().toUpperCase(Locale.ROOT) : null;
    }

    private Polygon polygon(JsonNode rings, CoordinateTransform toLambert, int[] vertices) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw new OcsInputException(422, "a polygon needs at least one ring of coordinates");
        }
        List<LinearRing> list = new ArrayList<>();
        for (JsonNode ring : rings) {
            List<Coordinate> coordinates = new ArrayList<>();
            for (JsonNode position : ring) {
                if (++vertices[0] > MAX_VERTICES) {
                    throw new OcsInputException(422, "the drawn area has more than " + MAX_VERTICES + " vertices");
                }
                if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber()
                        || !position.get(1).isNumber()) {
                    throw new OcsInputException(422, "a position must be [x, y] numbers; got " + position);
                }
                double x = position.get(0).asDouble();
                double y = position.get(1).asDouble();
                if (toLambert != null) {
                    if (Math.abs(x) > 180 || Math.abs(y) > 90) {
                        throw new OcsInputException(422, "the coordinates are not longitude/latitude (" + x + ", "
                                + y + "); for Lambert-93 coordinates add \"crs\": {\"type\": \"name\","
                                + " \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::2154\"}}");
                    }
                    ProjCoordinate out = toLambert.transform(new ProjCoordinate(x, y), new ProjCoordinate());
                    x = out.x;
                    y = out.y;
                }
                coordinates.add(new Coordinate(x, y));
            }
            if (coordinates.size() < 4 || !coordinates.get(0).equals2D(coordinates.get(coordinates.size() - 1))) {
                throw new OcsInputException(422, "a ring needs at least 4 positions, the last one equal to the first");
            }
            list.add(factory.createLinearRing(coordinates.toArray(Coordinate[]::new)));
        }
        return factory.createPolygon(list.get(0), list.subList(1, list.size()).toArray(LinearRing[]::new));
    }

    /** One stored polygon clipped to the area. */
    private record Piece(String id, String cs, String us, boolean artificialised, Geometry whole, Geometry part,
            double area) {
    }

    /** The indicators of the drawn area (Lambert-93), vintages picked per département as for territories. */
    Map<String, Object> compute(Geometry area, Integer from, Integer to) {
        if (from != null && to != null && from > to) {
            throw new OcsInputException(400, "from (" + from + ") is after to (" + to + ")");
        }
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        Map<String, double[]> cover = new TreeMap<>(Nomenclatures::compareCodes);
        Map<String, double[]> use = new TreeMap<>(Nomenclatures::compareCodes);
        double[] total = new double[2];
        double[] artificialised = new double[2];
        double[] impervious = new double[2];
        double artificialisation = 0;
        double deArtificialisation = 0;
        double enaf = 0;
        double annualRate = 0;
        Map<String, Double> coverFlows = new HashMap<>();
        List<Map<String, Object>> sources = new ArrayList<>();
        List<String> withoutData = new ArrayList<>();
        Set<String> matrices = new TreeSet<>();
        Set<String> periods = new TreeSet<>();
        boolean synthetic = false;
        try (Connection c = dataSource.getConnection()) {
            for (String dep : departements(c)) {
                List<String> communes = new ArrayList<>();
                communeOutlines.apply(dep).forEach((code, outline) -> {
                    if (prepared.intersects(outline)) {
                        communes.add(code);
                    }
                });
                if (communes.isEmpty()) {
                    continue;
                }
                List<Object[]> vintages = vintages(c, dep);
                if (vintages.isEmpty()) {
                    withoutData.add(dep);
                    continue;
                }
                Object[] v1 = closest(vintages, from, true);
                Object[] v2 = closest(vintages, to, false);
                int[] years = {(Integer) v1[0], (Integer) v2[0]};
                ArtificialisationMatrix matrix = nomenclatures.matrix((String) v2[1])
                        .orElse(nomenclatures.defaultMatrix());
                List<List<Piece>> pieces = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    List<Piece> list = i == 1 && years[1] == years[0] ? pieces.get(0)
                            : clip(c, dep, years[i], communes, prepared, area);
                    pieces.add(list);
                    for (Piece p : list) {
                        cover.computeIfAbsent(p.cs(), k -> new double[2])[i] += p.area();
                        use.computeIfAbsent(p.us(), k -> new double[2])[i] += p.area();
                        total[i] += p.area();
                        artificialised[i] += p.artificialised() ? p.area() : 0;
                        impervious[i] += matrix.impervious(p.cs()) ? p.area() : 0;
                    }
                }
                if (pieces.get(0).isEmpty() && pieces.get(1).isEmpty()) {
                    continue;
                }
                Map<String, Object> source = new LinkedHashMap<>();
                source.put("departement", dep);
                source.put("from", years[0]);
                source.put("to", years[1]);
                source.put("nomenclature", v2[2]);
                source.put("matrix", v2[1]);
                source.put("synthetic", (Boolean) v1[3] || (Boolean) v2[3]);
                source.put("communes", communes.size());
                sources.add(source);
                synthetic |= (Boolean) v1[3] || (Boolean) v2[3];
                matrices.add((String) v2[1]);
                periods.add(years[0] + "-" + years[1]);
                if (years[1] <= years[0]) {
                    continue;
                }
                double depEnaf = 0;
                Map<List<Object>, Double> flows = overlay(pieces.get(0), pieces.get(1));
                for (Map.Entry<List<Object>, Double> e : flows.entrySet()) {
                    List<Object> k = e.getKey();
                    double a = e.getValue();
                    boolean af = (Boolean) k.get(2);
                    boolean at = (Boolean) k.get(5);
                    artificialisation += !af && at ? a : 0;
                    deArtificialisation += af && !at ? a : 0;
                    if (matrix.enaf((String) k.get(1)) && !matrix.enaf((String) k.get(4))) {
                        depEnaf += a;
                    }
                    if (!k.get(0).equals(k.get(3))) {
                        coverFlows.merge(k.get(0) + " → " + k.get(3), a, Double::sum);
                    }
                }
                enaf += depEnaf;
                annualRate += depEnaf / (years[1] - years[0]);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the OCS GE polygons: " + e.getMessage(), e);
        }
        if (sources.isEmpty()) {
            throw new OcsInputException(404, withoutData.isEmpty()
                    ? "no OCS GE polygon in the drawn area (it lies outside the communes of the imported départements)"
                    : "no OCS GE vintage is imported for the drawn area (départements " + withoutData + ")");
        }
        Nomenclatures.Version nomenclature = nomenclatures.nomenclatureOf(nomenclatures.defaultMatrix());
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> territory = new LinkedHashMap<>();
        territory.put("level", "drawn");
        territory.put("code", "zone");
        territory.put("name", "zone dessinée");
        territory.put("area", area.getArea());
        out.put("territory", territory);
        out.put("synthetic", synthetic);
        if (synthetic) {
            out.put("warning", "Données synthétiques : chiffres de démonstration, pas l'occupation réelle du sol.");
        }
        out.put("sources", sources);
        out.put("mixedVintages", periods.size() > 1);
        out.put("departementsWithoutData", withoutData);
        out.put("matrix", String.join(",", matrices));
        out.put("nomenclature", nomenclature.id());
        out.put("drawnArea", area.getArea());
        out.put("area", total[1]);
        out.put("coveredShare", total[1] / area.getArea());
        out.put("cover", TerritoryIndicators.classes(cover, nomenclature.covers()));
        out.put("use", TerritoryIndicators.classes(use, nomenclature.uses()));
        out.put("artificialised", Map.of("from", TerritoryIndicators.share(artificialised[0], total[0]),
                "to", TerritoryIndicators.share(artificialised[1], total[1])));
        out.put("impervious", Map.of("from", TerritoryIndicators.share(impervious[0], total[0]),
                "to", TerritoryIndicators.share(impervious[1], total[1])));
        out.put("flows", TerritoryIndicators.flows(artificialisation, deArtificialisation, coverFlows));
        Map<String, Object> enafOut = new LinkedHashMap<>();
        enafOut.put("consumption", enaf);
        enafOut.put("annualRate", annualRate);
        enafOut.put("source", "flux OCS GE (usage ENAF → usage non ENAF) dans la zone dessinée");
        // the Cerema figures are per whole commune, with no location inside it: sharing them out by area would
        // invent a uniform consumption, so a drawn area does not use them and says why
        enafOut.put("fichiersFonciers", "Les fichiers fonciers du Cerema donnent la consommation d'une commune entière,"
                + " sans la localiser : ils ne sont pas répartis dans une zone dessinée (ce serait supposer une"
                + " consommation uniforme dans la commune). Consultez-les sur la page de chaque commune ou de l'EPCI.");
        out.put("enaf", enafOut);
        out.put("zanNote", "L'enveloppe ZAN est définie par commune : demandez-la pour les communes ou l'EPCI.");
        return out;
    }

    /** The stored polygons of the vintage that meet the area, clipped to it. */
    private List<Piece> clip(Connection c, String dep, int year, List<String> communes, PreparedGeometry prepared,
            Geometry area) throws SQLException {
        Set<String> wanted = Set.copyOf(communes);
        boolean filter = communes.size() <= 500;
        List<Piece> pieces = new ArrayList<>();
        WKBReader wkb = new WKBReader(factory);
        Envelope envelope = area.getEnvelopeInternal();
        // a polygon across communes is stored with its main commune: the cut ones are read whatever it is
        try (PreparedStatement s = c.prepareStatement("SELECT ocs_id, code_cs, code_us, artificialised, commune,"
                + " communes, area, geom FROM ocs_polygon WHERE departement = ? AND millesime = ?"
                + (filter ? " AND (communes IS NOT NULL OR commune IN ("
                        + String.join(",", Collections.nCopies(communes.size(), "?")) + "))" : ""))) {
            s.setString(1, dep);
            s.setInt(2, year);
            if (filter) {
                for (int i = 0; i < communes.size(); i++) {
                    s.setString(3 + i, communes.get(i));
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String split = rs.getString(6);
                    if (split != null && OcsImporter.decode(rs.getString(5), split, 0).keySet().stream()
                            .noneMatch(wanted::contains)) {
                        continue;
                    }
                    Geometry g = wkb.read(rs.getBytes(8));
                    if (!envelope.intersects(g.getEnvelopeInternal()) || !prepared.intersects(g)) {
                        continue;
                    }
                    Geometry part = prepared.containsProperly(g) ? g : g.intersection(area);
                    double a = part == g ? rs.getDouble(7) : part.getArea();
                    if (a > 0) {
                        pieces.add(new Piece(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), g,
                                part, a));
                    }
                }
            }
        } catch (ParseException e) {
            throw new IllegalStateException("stored geometry cannot be read", e);
        }
        return pieces;
    }

    /** Area per (cs, us, artificialised) pair between the clipped polygons of two vintages. */
    private static Map<List<Object>, Double> overlay(List<Piece> before, List<Piece> after) {
        Map<String, Piece> byId = new HashMap<>();
        STRtree tree = new STRtree();
        for (Piece p : before) {
            byId.put(p.id(), p);
            tree.insert(p.part().getEnvelopeInternal(), p);
        }
        Map<List<Object>, Double> flows = new HashMap<>();
        for (Piece a : after) {
            Piece same = byId.get(a.id());
            if (same != null && same.whole().equalsExact(a.whole())) {
                flows.merge(key(same, a), a.area(), Double::sum);
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Piece> candidates = tree.query(a.part().getEnvelopeInternal());
            for (Piece b : candidates) {
                double shared = b.part().intersection(a.part()).getArea();
                if (shared > 0) {
                    flows.merge(key(b, a), shared, Double::sum);
                }
            }
        }
        return flows;
    }

    private static List<Object> key(Piece from, Piece to) {
        return List.of(from.cs(), from.us(), from.artificialised(), to.cs(), to.us(), to.artificialised());
    }

    private static List<String> departements(Connection c) throws SQLException {
        List<String> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT departement FROM vintage ORDER BY departement");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                list.add(rs.getString(1));
            }
        }
        return list;
    }

    /** {year, matrix, nomenclature, synthetic} of each vintage of the département, oldest first. */
    private static List<Object[]> vintages(Connection c, String dep) throws SQLException {
        List<Object[]> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT millesime, matrix, nomenclature, synthetic FROM vintage"
                + " WHERE departement = ? ORDER BY millesime")) {
            s.setString(1, dep);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    list.add(new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)});
                }
            }
        }
        return list;
    }

    /** The vintage closest to the wished year (ties: the earlier for a start, the later for an end). */
    private static Object[] closest(List<Object[]> vintages, Integer wished, boolean earliest) {
        if (wished == null) {
            return earliest ? vintages.get(0) : vintages.get(vintages.size() - 1);
        }
        Object[] best = null;
        for (Object[] v : vintages) {
            int d = Math.abs((Integer) v[0] - wished);
            int bestD = best == null ? Integer.MAX_VALUE : Math.abs((Integer) best[0] - wished);
            if (d < bestD || d == bestD && !earliest) {
                best = v;
            }
        }
        return best;
    }
}
