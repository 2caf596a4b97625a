package fr.datagrandest.platform.core.territories;

import static fr.datagrandest.platform.api.territory.CoordinateSystem.LAMBERT93;
import static fr.datagrandest.platform.api.territory.CoordinateSystem.WGS84;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.COMMUNE;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.DEPARTEMENT;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.EPCI;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.REGION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

import fr.datagrandest.platform.api.health.HealthStatus;
import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;

/** The service as plugins see it: outlines as WKT and bounding boxes in WGS 84 and Lambert-93, and its health. */
class GrandEstTerritoriesTest {

    private static GrandEstTerritories territories;

    @BeforeAll
    static void activate() throws Exception {
        territories = new GrandEstTerritories();
    }

    @Test
    void healthSaysUpWithTheCountsOnceRead() {
        territories.get(REGION, "44").orElseThrow(); // waits for the read that activation started
        var health = territories.check();
        assertEquals(HealthStatus.UP, health.status());
        assertTrue(health.message().startsWith("5115 communes, 150 EPCI, 10 départements, 1 région"), health.message());
    }

    @Test
    void strasbourgOutlineAndBoxesInBothSystems() throws Exception {
        Territory strasbourg = territory(COMMUNE, "67482");
        double[] cathedral = {7.75075, 48.58180};

        String wkt = territories.geometryWkt(strasbourg, WGS84).orElseThrow();
        assertTrue(wkt.startsWith("POLYGON ((") || wkt.startsWith("MULTIPOLYGON ((("), wkt.substring(0, 20));
        Geometry outline = new WKTReader().read(wkt);
        assertTrue(outline.isValid());
        assertTrue(outline.contains(outline.getFactory().createPoint(new Coordinate(cathedral[0], cathedral[1]))));
        double[] box = territories.boundingBox(strasbourg, WGS84).orElseThrow();
        assertTrue(box[0] < cathedral[0] && cathedral[0] < box[2] && box[1] < cathedral[1] && cathedral[1] < box[3]);
        assertTrue(box[2] - box[0] < 0.3 && box[3] - box[1] < 0.3, "a commune-sized box");

        double[] cathedralL93 = new Lambert93().project(cathedral[0], cathedral[1]);
        double[] boxL93 = territories.boundingBox(strasbourg, LAMBERT93).orElseThrow();
        assertTrue(boxL93[0] < cathedralL93[0] && cathedralL93[0] < boxL93[2]
                && boxL93[1] < cathedralL93[1] && cathedralL93[1] < boxL93[3], "cathedral inside the Lambert-93 box");
        assertTrue(boxL93[0] > 1_000_000 && boxL93[3] < 6_900_000, "Strasbourg lies near (1 050 000, 6 840 000)");
        // Lambert-93 coordinates are given to the centimetre
        String wktL93 = territories.geometryWkt(strasbourg, LAMBERT93).orElseThrow();
        assertFalse(Pattern.compile("\\.\\d{3}").matcher(wktL93).find(), "more than 2 decimals: " + wktL93.substring(0, 60));
        assertTrue(new WKTReader().read(wktL93).isValid());
    }

    @Test
    void regionAreaInLambert93IsAbout57700SquareKilometres() throws Exception {
        Geometry region = new WKTReader().read(territories.geometryWkt(territory(REGION, "44"), LAMBERT93).orElseThrow());
        double squareKilometres = region.getArea() / 1e6;
        assertEquals(57_700, squareKilometres, 57_700 * 0.015);
        double[] box = territories.boundingBox(territory(REGION, "44"), LAMBERT93).orElseThrow();
        assertEquals(region.getEnvelopeInternal().getMinX(), box[0]);
        assertEquals(region.getEnvelopeInternal().getMaxY(), box[3]);
    }

    @Test
    void sampleOutlinesAreValidInBothSystems() throws Exception {
        List<Territory> sample = new ArrayList<>();
        Territory region = territory(REGION, "44");
        sample.add(region);
        sample.addAll(territories.children(region, DEPARTEMENT));
        sample.add(territory(EPCI, "200070332"));
        sample.add(territory(EPCI, "246700488"));
        List<Territory> communes = territories.children(region, COMMUNE);
        for (int i = 0; i < communes.size(); i += 97) {
            sample.add(communes.get(i));
        }
        WKTReader reader = new WKTReader();
        for (Territory territory : sample) {
            for (CoordinateSystem crs : CoordinateSystem.values()) {
                Geometry outline = reader.read(territories.geometryWkt(territory, crs).orElseThrow());
                assertTrue(outline.isValid(), territory.key() + " in " + crs + " is not valid");
                assertFalse(outline.isEmpty(), territory.key());
            }
        }
    }

    @Test
    void everyTerritoryHasAnOutlineAndOnlyThose() {
        Outlines outlines = new Outlines("44");
        Territory region = territory(REGION, "44");
        for (TerritoryLevel level : List.of(COMMUNE, EPCI, DEPARTEMENT)) {
            List<String> codes = territories.children(region, level).stream().map(Territory::code).sorted().toList();
            assertEquals(codes, outlines.level(level).keySet().stream().sorted().toList(), level + " outlines");
        }
        assertEquals(List.of("44"), List.copyOf(outlines.level(REGION).keySet()));
    }

    @Test
    void unknownTerritoriesHaveNoOutline() {
        assertEquals(Optional.empty(), territories.geometryWkt(new Territory(COMMUNE, "99999", "Nowhere", 0), WGS84));
        assertEquals(Optional.empty(), territories.boundingBox(new Territory(DEPARTEMENT, "70", "Haute-Saône", 0), WGS84));
    }

    private static Territory territory(TerritoryLevel level, String code) {
        return territories.get(level, code).orElseThrow();
    }
}
