package fr.datagrandest.plugin.ocs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.CommuneOutlines;
import fr.datagrandest.plugin.ocs.generator.ExpectedIndicators;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/**
 * Deleting a vintage removes its polygons, surfaces and flows, recomputes the flows between the remaining
 * vintages, and lets the vintage be imported again.
 */
class DeleteVintageTest {

    private final List<CommuneOutline> communes = CommuneOutlines.hautRhinSample().subList(0, 4);
    private final List<String> codes = communes.stream().map(CommuneOutline::code).toList();
    private DataSource ds;
    private OcsImporter importer;
    private TerritoryIndicators indicators;
    private ExpectedIndicators.Figures expected;
    private Path v0;
    private Path v1;
    private Path v2;

    @BeforeEach
    void importThreeVintages(@TempDir Path dir) throws Exception {
        SyntheticDataset data = new SyntheticOcsGe(7, 100_000).generate("68", communes, 2018, 2021);
        expected = new ExpectedIndicators(data).sum(codes);
        ds = OcsTestDatabase.create();
        importer = new OcsImporter(ds, Nomenclatures.shipped(), OcsTestDatabase.outlines(communes));
        indicators = new TerritoryIndicators(ds, Nomenclatures.shipped());
        v1 = dir.resolve("v1.gpkg");
        v2 = dir.resolve("v2.gpkg");
        v0 = dir.resolve("v0.gpkg");
        GeoPackageWriter.write(data, 1, v1);
        GeoPackageWriter.write(data, 2, v2);
        // a 2015 vintage identical to 2018: the flows 2015 → 2021 must then be those of 2018 → 2021
        GeoPackageWriter.write(data, 1, v0);
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + v0);
        try (Connection c = sqlite.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE OCCUPATION_SOL SET MILLESIME = '2015'");
        }
        for (Path p : List.of(v0, v1, v2)) {
            importer.importGeoPackage(p, "68", "test", p.getFileName().toString());
        }
    }

    @Test
    void deletingTheMiddleVintageRecomputesTheFlowsBetweenTheOthers() throws Exception {
        assertEquals(0.0, artificialisation(2015, 2018), 1e-6);
        Map<String, Object> result = importer.deleteVintage("68", 2018);
        assertEquals(List.of(2015, 2021), result.get("remainingVintages"));
        assertEquals(0, count("SELECT count(*) FROM ocs_polygon WHERE millesime = 2018"));
        assertEquals(0, count("SELECT count(*) FROM surface WHERE millesime = 2018"));
        assertEquals(0, count("SELECT count(*) FROM flow WHERE from_year = 2018 OR to_year = 2018"));
        assertClose(expected.artificialisation, artificialisation(2015, 2021));
        Map<String, Object> r = indicators.compute("departement", "68", "Haut-Rhin", codes, 2015, 2021);
        Map<?, ?> enaf = (Map<?, ?>) r.get("enaf");
        assertClose(expected.enafConsumption, (Double) enaf.get("consumption"));
        // ENAF consumed over 6 years now, not 3
        assertClose(expected.enafConsumption / 6, (Double) enaf.get("annualRate"));
    }

    @Test
    void aDeletedVintageCanBeImportedAgainWithTheSameFigures() throws Exception {
        importer.deleteVintage("68", 2021);
        assertEquals(0.0, artificialisation(2018, 2021), 1e-6);
        assertEquals(0, count("SELECT count(*) FROM flow WHERE to_year = 2021"));
        Map<String, Object> again = importer.importGeoPackage(v2, "68", "test", "v2 again");
        assertEquals(2021, again.get("millesime"));
        assertClose(expected.artificialisation, artificialisation(2018, 2021));
        Map<?, ?> art = (Map<?, ?>) indicators.compute("departement", "68", "x", codes, 2018, 2021)
                .get("artificialised");
        assertClose(expected.artificialised2, (Double) ((Map<?, ?>) art.get("to")).get("area"));
    }

    @Test
    void deletingAnAbsentVintageIsNotFoundAndChangesNothing() throws Exception {
        int before = count("SELECT count(*) FROM ocs_polygon");
        OcsInputException e = assertThrows(OcsInputException.class, () -> importer.deleteVintage("68", 2019));
        assertEquals(404, e.status());
        assertEquals(before, count("SELECT count(*) FROM ocs_polygon"));
    }

    private double artificialisation(int from, int to) {
        Map<?, ?> flows = (Map<?, ?>) indicators.compute("departement", "68", "x", codes, from, to).get("flows");
        return (Double) flows.get("artificialisation");
    }

    private int count(String sql) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, Math.max(Math.abs(expected) * 1e-6, 1e-6));
    }
}
