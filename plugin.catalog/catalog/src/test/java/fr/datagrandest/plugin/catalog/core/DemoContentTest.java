package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shipped real record is imported or refused with a reason; the derived fields hold the real values. */
class DemoContentTest {

    @TempDir
    static Path folder;
    static CatalogService catalog;
    static ImportReport report;

    @BeforeAll
    static void load() throws Exception {
        catalog = TestCatalogs.create(folder.resolve("index"));
        report = catalog.loadDemoContent();
        for (ImportReport.Entry e : report.getEntries()) {
            System.out.println(e.status() + "\t" + e.file() + "\t" + (e.reason() == null ? e.identifiers() : e.reason()));
        }
    }

    @AfterAll
    static void close() throws Exception {
        catalog.stop();
    }

    @Test
    void everyShippedFileIsImportedOrRefusedWithAReason() throws Exception {
        List<String> files = catalog.demoFiles();
        assertEquals(181, files.size(), "MANIFEST.csv lists the shipped files");
        Map<String, ImportReport.Entry> byFile = new HashMap<>();
        for (ImportReport.Entry e : report.getEntries()) {
            byFile.put(e.file(), e);
        }
        for (String file : files) {
            ImportReport.Entry e = byFile.get(file);
            assertNotNull(e, "no report entry for " + file);
            if ("refused".equals(e.status())) {
                assertNotNull(e.reason(), file);
                assertTrue(e.reason().length() > 20, "a refusal says why: " + file + " " + e.reason());
            } else {
                assertFalse(e.identifiers().isEmpty(), file);
            }
        }
        assertTrue(report.getImported() >= 140, "most real records are imported: " + report.getImported());
        assertEquals(catalog.count(), catalog.indexed(), "the index holds every stored record");
    }

    @Test
    void iso19139FieldsAreDerivedFromTheDocument() throws Exception {
        var r = catalog.find("366f6257-19eb-4f20-ba78-0698ac4aae77").orElseThrow().record();
        assertEquals("iso19139", r.standard());
        assertEquals("Aerial Photos", r.title());
        assertEquals("dataset", r.resourceType());
        assertEquals("YPAAT", r.organisation());
        assertEquals("eng", r.language());
        assertNotNull(r.bbox());
    }

    @Test
    void frenchUrbanismRecordOfGrandEst() throws Exception {
        var r = catalog.find("fr-210800405-08042-plu20140213").orElseThrow().record();
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r));
        assertEquals("Plan local d'urbanisme (PLU) - Balaives-et-Butz - approbation du 13/02/2014", r.title());
        assertEquals("mairie de Balaives et Butz", r.organisation());
        assertEquals("fre", r.language());
    }

    @Test
    void qualityReportSaysWhatIsMissing() throws Exception {
        var full = fr.datagrandest.plugin.catalog.core.record.QualityReport.of(
                catalog.find("fr-210800405-08042-plu20140213").orElseThrow().record());
        var missing = full.checks().stream().filter(c -> !c.present()).map(c -> c.element()).toList();
        assertEquals(List.of("licence"), missing, "this PLU record has everything INSPIRE asks but a licence");
        var cite = fr.datagrandest.plugin.catalog.core.record.QualityReport.of(
                catalog.find("urn:uuid:19887a8a-f6b0-4a63-ae56-7fba0e17801f").orElseThrow().record());
        assertTrue(cite.score() < full.score());
        assertTrue(cite.checks().stream().anyMatch(c -> !c.present() && c.element().equals("organisation responsable")));
    }

    @Test
    void originalIsKeptByteForByte() throws Exception {
        byte[] shipped = TestCatalogs.resource("demo/iso19139/366f6257-19eb-4f20-ba78-0698ac4aae77.xml");
        byte[] stored = catalog.original("366f6257-19eb-4f20-ba78-0698ac4aae77").orElseThrow();
        org.junit.jupiter.api.Assertions.assertArrayEquals(shipped, stored);
    }
}
