package fr.datagrandest.plugin.ocs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.CommuneOutlines;
import fr.datagrandest.plugin.ocs.generator.ExpectedIndicators;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/** Imports a synthetic OCS GE and checks that the plugin finds the indicators the generator knows. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpectedIndicatorsTest {

    private static final double TOLERANCE = 1e-6;

    private final List<CommuneOutline> communes = CommuneOutlines.hautRhinSample().subList(0, 25);
    private SyntheticDataset data;
    private ExpectedIndicators expected;
    private TerritoryIndicators indicators;
    private Map<String, Object> report2;

    @BeforeAll
    void importBothVintages(@TempDir Path dir) throws Exception {
        data = new SyntheticOcsGe(11, 60_000).generate("68", communes, 2018, 2021);
        expected = new ExpectedIndicators(data);
        DataSource ds = OcsTestDatabase.create();
        Nomenclatures nomenclatures = Nomenclatures.shipped();
        OcsImporter importer = new OcsImporter(ds, nomenclatures, OcsTestDatabase.outlines(communes));
        // the later vintage first: flows must not depend on the order of imports
        GeoPackageWriter.write(data, 2, dir.resolve("v2.gpkg"));
        GeoPackageWriter.write(data, 1, dir.resolve("v1.gpkg"));
        report2 = importer.importGeoPackage(dir.resolve("v2.gpkg"), null, "test", "v2.gpkg");
        importer.importGeoPackage(dir.resolve("v1.gpkg"), "68", "test", "v1.gpkg");
        indicators = new TerritoryIndicators(ds, nomenclatures);
    }

    @Test
    void importReportCountsPolygonsAndDetectsTheDepartement() {
        assertEquals("68", report2.get("departement"));
        assertEquals(2021, report2.get("millesime"));
        assertEquals(data.polygons().size(), report2.get("polygons"));
        assertEquals(true, report2.get("synthetic"));
        assertEquals(0.0, (Double) report2.get("areaOutsideCommunes"), 1e-3);
    }

    @Test
    void everyCommuneHasTheExpectedIndicators() {
        for (CommuneOutline c : communes) {
            check(expected.commune(c.code()), indicators.compute("commune", c.code(), c.name(),
                    List.of(c.code()), null, null), c.code());
        }
    }

    @Test
    void epciAndDepartementSumTheirCommunes() {
        String epci = communes.get(0).epci();
        List<String> members = communes.stream().filter(c -> c.epci().equals(epci)).map(CommuneOutline::code)
                .toList();
        check(expected.sum(members), indicators.compute("epci", epci, "EPCI", members, 2018, 2021), epci);
        List<String> all = communes.stream().map(CommuneOutline::code).toList();
        check(expected.sum(all), indicators.compute("departement", "68", "Haut-Rhin", all, null, null), "68");
    }

    @Test
    void sameVintageTwiceGivesNoFlows() {
        Map<String, Object> r = indicators.compute("commune", communes.get(0).code(), "x",
                List.of(communes.get(0).code()), 2021, 2021);
        assertEquals(0.0, (Double) ((Map<?, ?>) r.get("flows")).get("artificialisation"));
        assertEquals(2021, ((Map<?, ?>) ((List<?>) r.get("sources")).get(0)).get("from"));
    }

    @SuppressWarnings("unchecked")
    private static void check(ExpectedIndicators.Figures e, Map<String, Object> r, String what) {
        assertClose(e.totalArea, (Double) r.get("area"), what + " area");
        Map<String, Map<String, Object>> art = (Map<String, Map<String, Object>>) r.get("artificialised");
        assertClose(e.artificialised1, (Double) art.get("from").get("area"), what + " artificialised 1");
        assertClose(e.artificialised2, (Double) art.get("to").get("area"), what + " artificialised 2");
        assertClose(e.artificialised2 / e.totalArea, (Double) art.get("to").get("share"), what + " share");
        Map<String, Map<String, Object>> imp = (Map<String, Map<String, Object>>) r.get("impervious");
        assertClose(e.impervious2, (Double) imp.get("to").get("area"), what + " impervious");
        Map<String, Object> flows = (Map<String, Object>) r.get("flows");
        assertClose(e.artificialisation, (Double) flows.get("artificialisation"), what + " artificialisation");
        assertClose(e.deArtificialisation, (Double) flows.get("deArtificialisation"), what + " de-artificialisation");
        Map<String, Object> enaf = (Map<String, Object>) r.get("enaf");
        assertClose(e.enafConsumption, (Double) enaf.get("consumption"), what + " ENAF");
        assertClose(e.enafConsumption / 3, (Double) enaf.get("annualRate"), what + " ENAF rate");
        Map<String, Object> zan = (Map<String, Object>) r.get("zan");
        assertClose(e.zanAllowance, (Double) zan.get("allowance2021to2031"), what + " ZAN allowance");
        assertTrue(e.zanAllowance >= 10_000);
        for (Map<String, Object> c : (List<Map<String, Object>>) r.get("cover")) {
            assertClose(e.coverArea1.getOrDefault(c.get("code"), 0.0), (Double) c.get("areaFrom"), what + " " + c);
            assertClose(e.coverArea2.getOrDefault(c.get("code"), 0.0), (Double) c.get("areaTo"), what + " " + c);
        }
        assertEquals(e.coverArea1.keySet().size() <= ((List<?>) r.get("cover")).size(), true);
        for (Map<String, Object> u : (List<Map<String, Object>>) r.get("use")) {
            assertClose(e.useArea2.getOrDefault(u.get("code"), 0.0), (Double) u.get("areaTo"), what + " " + u);
        }
        assertEquals("decret-2023-1096/v1", r.get("matrix"));
        assertEquals("ocsge-v2", r.get("nomenclature"));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.max(Math.abs(expected) * TOLERANCE, 1e-6), what);
    }
}
