package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.plugin.catalog.core.parse.MetadataParser;
import fr.datagrandest.plugin.catalog.core.parse.RefusedDocumentException;

/** Hostile and broken documents are refused with a reason, and refusing one never stops or half-writes another. */
class ParserSafetyTest {

    private final MetadataParser parser = new MetadataParser();

    @Test
    void externalEntitiesAreRefused(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<gmd:MD_Metadata xmlns:gmd=\"http://www.isotc211.org/2005/gmd\" xmlns:gco=\"http://www.isotc211.org/2005/gco\">"
                + "<gmd:fileIdentifier><gco:CharacterString>&x;</gco:CharacterString></gmd:fileIdentifier></gmd:MD_Metadata>";
        RefusedDocumentException e = assertThrows(RefusedDocumentException.class,
                () -> parser.parse(xxe.getBytes(StandardCharsets.UTF_8), "xxe.xml"));
        assertTrue(e.getMessage().contains("XXE"), e.getMessage());
    }

    @Test
    void entityExpansionIsRefused() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        String prev = "lol";
        for (int i = 1; i < 10; i++) {
            b.append("<!ENTITY lol").append(i).append(" \"").append(("&" + prev + ";").repeat(10)).append("\">");
            prev = "lol" + i;
        }
        b.append("]><csw:Record xmlns:csw=\"http://www.opengis.net/cat/csw/2.0.2\">&").append(prev).append(";</csw:Record>");
        RefusedDocumentException e = assertThrows(RefusedDocumentException.class,
                () -> parser.parse(b.toString().getBytes(StandardCharsets.UTF_8), "lol.xml"));
        assertTrue(e.getMessage().contains("entity expansion"), e.getMessage());
    }

    @Test
    void malformedXmlSaysWhere() {
        RefusedDocumentException e = assertThrows(RefusedDocumentException.class,
                () -> parser.parse("<a>\n<b></a>".getBytes(StandardCharsets.UTF_8), "bad.xml"));
        assertTrue(e.getMessage().startsWith("malformed XML") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aDocumentWithSeveralDatasetsIsImportedWholeOrNotAtAll(@TempDir Path dir) throws Exception {
        CatalogService catalog = TestCatalogs.create(dir.resolve("index"));
        try {
            String good = "<dcat:Dataset rdf:about=\"https://example.org/d/1\"><dct:identifier>d1</dct:identifier><dct:title>Un</dct:title></dcat:Dataset>";
            String bad = "<dcat:Dataset rdf:about=\"https://example.org/d/2\"><dct:identifier>" + "x".repeat(1001)
                    + "</dct:identifier><dct:title>Deux</dct:title></dcat:Dataset>";
            String doc = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\""
                    + " xmlns:dct=\"http://purl.org/dc/terms/\">" + good + bad + "</rdf:RDF>";
            ImportReport report = new ImportReport();
            catalog.importDocument("two.rdf", doc.getBytes(StandardCharsets.UTF_8), "t", report);
            assertEquals(1, report.getRefused());
            assertEquals(0, catalog.count(), "the good dataset of a refused document is not written either");
            String two = doc.replace("x".repeat(1001), "d2");
            catalog.importDocument("two.rdf", two.getBytes(StandardCharsets.UTF_8), "t", report);
            catalog.commit();
            assertEquals(2, catalog.count());
            assertEquals(2, catalog.indexed());
        } finally {
            catalog.stop();
        }
    }

    @Test
    void badRecordNeverStopsGoodOnesNorLeavesHalfARecord(@TempDir Path dir) throws Exception {
        CatalogService catalog = TestCatalogs.create(dir.resolve("index"));
        try {
            ImportReport report = new ImportReport();
            catalog.importDocument("good.xml", Iso.record("good", "Bon", "x", "o", "k", "2020-01-01", 1, 1, 2, 2), "t", report);
            catalog.importDocument("noid.xml", Iso.record("", "Sans identifiant", "x", "o", "k", "2020-01-01", 1, 1, 2, 2), "t", report);
            catalog.importDocument("lambert.xml", Iso.record("l93", "Lambert", "x", "o", "k", "2020-01-01",
                    900000, 6800000, 910000, 6810000), "t", report);
            catalog.importDocument("good2.xml", Iso.record("good2", "Bon 2", "x", "o", "k", "2020-01-01", 1, 1, 2, 2), "t", report);
            catalog.commit();
            assertEquals(2, report.getImported());
            assertEquals(2, report.getRefused());
            assertTrue(report.getEntries().get(1).reason().contains("no identifier"));
            assertTrue(report.getEntries().get(2).reason().contains("projected coordinates"));
            assertEquals(2, catalog.count());
            assertEquals(2, catalog.indexed());
        } finally {
            catalog.stop();
        }
    }
}
