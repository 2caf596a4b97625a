package fr.datagrandest.plugin.ocs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.CommuneOutlines;
import fr.datagrandest.plugin.ocs.generator.ExpectedIndicators;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/** Indicators of a drawn area: the stored polygons clipped to it give the generator's figures for that area. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrawnAreaTest {

    private static final String L93 = ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::2154\"}}";

    private final List<CommuneOutline> communes = CommuneOutlines.hautRhinSample().subList(0, 12);
    private SyntheticDataset data;
    private DrawnAreaIndicators drawn;
    private Geometry rectangle;

    @BeforeAll
    void importBothVintages(@TempDir Path dir) throws Exception {
        data = new SyntheticOcsGe(3, 60_000).generate("68", communes, 2018, 2021);
        var ds = OcsTestDatabase.create();
        OcsImporter.Outlines outlines = OcsTestDatabase.outlines(communes);
        OcsImporter importer = new OcsImporter(ds, Nomenclatures.shipped(), outlines);
        for (int v = 1; v <= 2; v++) {
            Path file = dir.resolve("v" + v + ".gpkg");
            GeoPackageWriter.write(data, v, file);
            importer.importGeoPackage(file, "68", "test", file.getFileName().toString());
        }
        drawn = new DrawnAreaIndicators(ds, Nomenclatures.shipped(), outlines::communesOf);
        // a rectangle of 5 km × 3 km around the first commune: it cuts it and its neighbours
        Envelope e = communes.get(0).outline().getEnvelopeInternal();
        Coordinate c = e.centre();
        rectangle = new GeometryFactory().toGeometry(new Envelope(c.x - 2500, c.x + 2500, c.y - 1500, c.y + 1500));
    }

    @Test
    void aRectangleInLambert93GivesTheGeneratorsFiguresForThatArea() {
        ExpectedIndicators.Figures expected = ExpectedIndicators.within(data, rectangle);
        assertTrue(expected.artificialisation > 0 || expected.enafConsumption > 0 || expected.coverArea2.size() > 2);
        Map<String, Object> r = drawn.compute(drawn.parse(geoJson(rectangle, false)), null, null);
        check(expected, r);
        assertEquals(rectangle.getArea(), (Double) r.get("drawnArea"), 1e-6);
        assertEquals(2018, ((Map<?, ?>) ((List<?>) r.get("sources")).get(0)).get("from"));
    }

    @Test
    void theSameRectangleInLongitudeLatitudeGivesTheSameFigures() {
        Geometry wgs84 = transform(rectangle);
        String feature = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":" + geoJson(wgs84, true) + "}]}";
        check(ExpectedIndicators.within(data, rectangle), drawn.compute(drawn.parse(feature), 2018, 2021));
    }

    @Test
    void aCommuneDrawnAsItsOutlineHasTheCommunesFigures() {
        CommuneOutline commune = communes.get(1);
        Map<String, Object> r = drawn.compute(drawn.parse(geoJson(commune.outline(), false)), null, null);
        check(new ExpectedIndicators(data).commune(commune.code()), r);
    }

    @Test
    void badAreasAreClearClientErrors() {
        assertStatus(400, "not json");
        assertStatus(422, "{\"type\":\"Point\",\"coordinates\":[7.3,47.9]}");
        // a bow tie
        assertStatus(422, "{\"type\":\"Polygon\",\"coordinates\":[[[7.30,47.90],[7.32,47.92],[7.32,47.90],"
                + "[7.30,47.92],[7.30,47.90]]]}");
        // Lambert-93 coordinates without the crs member
        Coordinate c = rectangle.getCoordinate();
        OcsInputException noCrs = assertThrows(OcsInputException.class, () -> drawn.parse(String.format(Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}", c.x, c.y, c.x + 100, c.y,
                c.x + 100, c.y + 100, c.x, c.y)));
        assertTrue(noCrs.getMessage().contains("crs"), noCrs.getMessage());
        assertStatus(422, "{\"type\":\"Polygon\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}},"
                + "\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}");
        // 60 km × 60 km: larger than what a drawn area may cover
        Geometry huge = new GeometryFactory().toGeometry(new Envelope(c.x - 30_000, c.x + 30_000, c.y - 30_000,
                c.y + 30_000));
        OcsInputException tooLarge = assertThrows(OcsInputException.class, () -> drawn.parse(geoJson(huge, false)));
        assertEquals(422, tooLarge.status());
        assertTrue(tooLarge.getMessage().contains("km²"), tooLarge.getMessage());
        // near Paris: valid, but no data there
        OcsInputException noData = assertThrows(OcsInputException.class, () -> drawn.compute(drawn.parse(
                "{\"type\":\"Polygon\",\"coordinates\":[[[2.30,48.85],[2.31,48.85],[2.31,48.86],[2.30,48.85]]]}"),
                null, null));
        assertEquals(404, noData.status());
    }

    private void assertStatus(int status, String body) {
        OcsInputException e = assertThrows(OcsInputException.class, () -> drawn.compute(drawn.parse(body), null, null));
        assertEquals(status, e.status(), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static void check(ExpectedIndicators.Figures e, Map<String, Object> r) {
        close(e.totalArea, (Double) r.get("area"), "area");
        Map<String, Map<String, Object>> art = (Map<String, Map<String, Object>>) r.get("artificialised");
        close(e.artificialised1, (Double) art.get("from").get("area"), "artificialised 2018");
        close(e.artificialised2, (Double) art.get("to").get("area"), "artificialised 2021");
        close(e.artificialised2 / e.totalArea, (Double) art.get("to").get("share"), "share");
        Map<String, Map<String, Object>> imp = (Map<String, Map<String, Object>>) r.get("impervious");
        close(e.impervious2, (Double) imp.get("to").get("area"), "impervious");
        Map<String, Object> flows = (Map<String, Object>) r.get("flows");
        close(e.artificialisation, (Double) flows.get("artificialisation"), "artificialisation");
        close(e.deArtificialisation, (Double) flows.get("deArtificialisation"), "de-artificialisation");
        close(e.enafConsumption, (Double) ((Map<String, Object>) r.get("enaf")).get("consumption"), "ENAF");
        for (Map<String, Object> c : (List<Map<String, Object>>) r.get("cover")) {
            close(e.coverArea1.getOrDefault(c.get("code"), 0.0), (Double) c.get("areaFrom"), "cover " + c);
            close(e.coverArea2.getOrDefault(c.get("code"), 0.0), (Double) c.get("areaTo"), "cover " + c);
        }
        for (Map<String, Object> u : (List<Map<String, Object>>) r.get("use")) {
            close(e.useArea2.getOrDefault(u.get("code"), 0.0), (Double) u.get("areaTo"), "use " + u);
        }
        assertEquals(e.coverArea2.size(), ((List<?>) r.get("cover")).size());
        assertEquals("decret-2023-1096/v1", r.get("matrix"));
        assertEquals(true, r.get("synthetic"));
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.max(Math.abs(expected) * 1e-6, 1e-3), what);
    }

    private static Geometry transform(Geometry lambert) {
        CoordinateTransform t = new CoordinateTransformFactory().createTransform(
                new CRSFactory().createFromParameters("L93", "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44"
                        + " +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs"),
                new CRSFactory().createFromParameters("WGS84", "+proj=longlat +datum=WGS84 +no_defs"));
        Geometry copy = lambert.copy();
        copy.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            ProjCoordinate out = t.transform(new ProjCoordinate(c.x, c.y), new ProjCoordinate());
            c.x = out.x;
            c.y = out.y;
        });
        copy.geometryChanged();
        return copy;
    }

    /** GeoJSON Polygon or MultiPolygon; with the Lambert-93 crs member unless longitude/latitude. */
    static String geoJson(Geometry g, boolean lonLat) {
        StringBuilder b = new StringBuilder("{\"type\":\"").append(g.getNumGeometries() == 1 ? "Polygon" : "MultiPolygon")
                .append("\"").append(lonLat ? "" : L93).append(",\"coordinates\":");
        if (g.getNumGeometries() > 1) {
            b.append('[');
        }
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            b.append(i == 0 ? "" : ",").append('[');
            for (int r = 0; r <= p.getNumInteriorRing(); r++) {
                b.append(r == 0 ? "" : ",").append('[');
                Coordinate[] cs = (r == 0 ? p.getExteriorRing() : p.getInteriorRingN(r - 1)).getCoordinates();
                for (int k = 0; k < cs.length; k++) {
                    b.append(k == 0 ? "" : ",").append('[').append(cs[k].x).append(',').append(cs[k].y).append(']');
                }
                b.append(']');
            }
            b.append(']');
        }
        if (g.getNumGeometries() > 1) {
            b.append(']');
        }
        return b.append('}').toString();
    }
}
