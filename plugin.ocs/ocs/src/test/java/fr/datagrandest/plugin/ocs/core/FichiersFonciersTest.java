package fr.datagrandest.plugin.ocs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.CommuneOutlines;
import fr.datagrandest.plugin.ocs.generator.ExpectedIndicators;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/**
 * The Cerema consumption per commune and year replaces the OCS GE estimate of the ZAN reference of the communes
 * it covers. The synthetic file: 68001 consumes 1,000 × (year − 2000) m² in each year 2009–2022 (no total
 * column for 2022: the sum of its destinations), 68002 100 m² a year, 68004 nothing, and a Paris line.
 */
class FichiersFonciersTest {

    private static final String FILE = "fichiers-fonciers-synthetiques.csv";

    private final List<CommuneOutline> communes = CommuneOutlines.hautRhinSample().subList(0, 6);
    private final Set<String> known = communes.stream().map(CommuneOutline::code).collect(Collectors.toSet());
    private DataSource ds;
    private FichiersFonciers ff;
    private TerritoryIndicators indicators;
    private ExpectedIndicators expected;

    @BeforeEach
    void importOcsGe(@TempDir Path dir) throws Exception {
        SyntheticDataset data = new SyntheticOcsGe(9, 100_000).generate("68", communes, 2018, 2021);
        expected = new ExpectedIndicators(data);
        ds = OcsTestDatabase.create();
        OcsImporter importer = new OcsImporter(ds, Nomenclatures.shipped(), OcsTestDatabase.outlines(communes));
        for (int v = 1; v <= 2; v++) {
            Path file = dir.resolve("v" + v + ".gpkg");
            GeoPackageWriter.write(data, v, file);
            importer.importGeoPackage(file, "68", "test", file.getFileName().toString());
        }
        ff = new FichiersFonciers(ds);
        indicators = new TerritoryIndicators(ds, Nomenclatures.shipped());
    }

    private Map<String, Object> importFile() throws Exception {
        try (InputStream in = FichiersFonciersTest.class.getResourceAsStream(FILE)) {
            return ff.importCsv(in, known, "test", FILE);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCeremaFiguresGiveTheZanReferenceOfTheirCommunes() throws Exception {
        Map<String, Object> report = importFile();
        assertEquals(3, report.get("communes"));
        assertEquals(1, report.get("otherCommunesSkipped"));
        assertEquals(2009, report.get("firstYear"));
        assertEquals(2022, report.get("lastYear"));

        Map<String, Object> zan = zan("68001");
        // 1,000 × (11 + 12 + … + 20) from 1 January 2011 to 1 January 2021
        assertEquals(155_000, (Double) zan.get("reference2011to2021"), 1e-6);
        assertEquals(77_500, (Double) zan.get("allowance2021to2031"), 1e-6);
        assertEquals(21_000 + 22_000, (Double) zan.get("consumedSince2021"), 1e-6);
        assertEquals(Map.of("fichiersFonciers", 1, "ocsEstimate", 0), zan.get("referenceSources"));
        assertTrue(((String) zan.get("method")).contains("fichiers fonciers du Cerema"));
        List<Map<String, Object>> trajectory = (List<Map<String, Object>>) zan.get("trajectory");
        assertEquals(21_000.0, (Double) trajectory.get(1).get("consumption"), 1e-6);
        assertEquals(43_000.0, (Double) trajectory.get(2).get("consumption"), 1e-6);

        Map<String, Object> enaf = (Map<String, Object>) indicators.compute("commune", "68001", "x",
                List.of("68001"), null, null).get("enaf");
        List<Map<String, Object>> yearly = (List<Map<String, Object>>) ((Map<String, Object>) enaf
                .get("fichiersFonciers")).get("yearly");
        Map<String, Object> y2022 = yearly.get(yearly.size() - 1);
        assertEquals(2022, y2022.get("year"));
        assertEquals(11_000.0, (Double) y2022.get("habitat"), 1e-6);
        assertEquals(22_000.0, (Double) y2022.get("total"), 1e-6);

        // 100 m² a year: 1,000 m² of reference, the 1 ha guarantee applies
        assertEquals(1_000, (Double) zan("68002").get("reference2011to2021"), 1e-6);
        assertEquals(10_000, (Double) zan("68002").get("allowance2021to2031"), 1e-6);
    }

    @Test
    void aTerritoryMixesCeremaFiguresAndTheOcsEstimate() throws Exception {
        importFile();
        List<String> two = List.of("68001", "68005"); // 68005 has no Cerema figures
        Map<String, Object> zan = (Map<String, Object>) indicators.compute("epci", "x", "x", two, null, null)
                .get("zan");
        assertEquals(77_500 + expected.commune("68005").zanAllowance, (Double) zan.get("allowance2021to2031"),
                1e-6 * expected.commune("68005").zanAllowance + 1e-6);
        assertEquals(Map.of("fichiersFonciers", 1, "ocsEstimate", 1), zan.get("referenceSources"));
        // without any Cerema figure the allowance stays the generator's estimate
        assertEquals(expected.commune("68005").zanAllowance, (Double) zan("68005").get("allowance2021to2031"),
                1e-6 * expected.commune("68005").zanAllowance);
    }

    @Test
    void aNewFileReplacesTheFiguresOfItsCommunes() throws Exception {
        importFile();
        String csv = "idcom,naf11art12,naf20art21\n68001,5000,7000\n";
        ff.importCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), known, "test", "update");
        assertEquals(12_000, (Double) zan("68001").get("reference2011to2021"), 1e-6);
        assertEquals(1_000, (Double) zan("68002").get("reference2011to2021"), 1e-6);
        assertEquals(2, ff.imports().size());
    }

    @Test
    void badFilesAreRefusedWholeWithTheLinesAtFault() throws Exception {
        OcsInputException negative = assertThrows(OcsInputException.class, () -> ff.importCsv(
                new ByteArrayInputStream("idcom;naf11art12\n68001;12\n68002;-3\n68004;abc\n".getBytes(
                        StandardCharsets.UTF_8)), known, "test", "bad"));
        assertEquals(422, negative.status());
        assertEquals(2, negative.details().get("problemCount"));
        assertTrue(negative.getMessage().contains("line 3 (68002)"), negative.getMessage());
        OcsInputException noIdcom = assertThrows(OcsInputException.class, () -> ff.importCsv(
                new ByteArrayInputStream("commune;total\n68001;12\n".getBytes(StandardCharsets.UTF_8)), known,
                "test", "bad"));
        assertEquals(422, noIdcom.status());
        assertTrue(noIdcom.getMessage().contains("idcom"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ff_consumption")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTriennialReportPdfCarriesTheCommunesFiguresAndCeremaTable() throws Exception {
        importFile();
        Map<String, Object> r = indicators.compute("commune", "68001", "Commune d'essai", List.of("68001"), null, null);
        byte[] pdf = TriennialReportPdf.write(TriennialReport.blocks("Commune", "Commune d'essai", "68001", r));
        String text;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertTrue(doc.getNumberOfPages() >= 2, "a report over several pages: " + doc.getNumberOfPages());
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        Map<String, Object> zan = (Map<String, Object>) r.get("zan");
        Map<String, Object> flows = (Map<String, Object>) r.get("flows");
        for (double m2 : new double[] {(Double) zan.get("reference2011to2021"), (Double) zan.get("allowance2021to2031"),
            (Double) flows.get("net")}) {
            String ha = Svg.ha(m2);
            assertTrue(text.contains(ha), ha + " in " + text);
        }
        assertTrue(text.contains("Rapport local de suivi de l'artificialisation des sols")
                && text.contains("L. 2231-1") && text.contains("Consommation annuelle par destination")
                && text.contains("DONNÉES SYNTHÉTIQUES") && text.contains("page 1 sur"), text);
        // the 2022 line of the synthetic file: its destinations summed, 22,000 m²
        assertTrue(text.contains("2022") && text.contains(Svg.ha(22_000)), text);
        byte[] odt = TriennialReport.odt(TriennialReport.blocks("Commune", "Commune d'essai", "68001", r));
        assertEquals("mimetype", new java.util.zip.ZipInputStream(new ByteArrayInputStream(odt)).getNextEntry().getName());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> zan(String commune) {
        return (Map<String, Object>) indicators.compute("commune", commune, "x", List.of(commune), null, null)
                .get("zan");
    }
}
