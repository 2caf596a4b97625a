package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.datagrandest.plugin.catalog.core.dcat.DcatWriter;
import fr.datagrandest.plugin.catalog.core.parse.MetadataParser;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/** An ISO 19139 record written as DCAT-AP RDF/XML reads back with the same title, keywords, publisher and extent. */
class DcatRoundTripTest {

    @Test
    void isoRecordThroughDcatAndBack() throws Exception {
        MetadataParser parser = new MetadataParser();
        CatalogRecord iso = parser.parse(TestCatalogs.resource("demo/iso19139/fr-210800405-08042-plu20140213.xml"), "plu.xml").get(0);
        String rdf = DcatWriter.page("https://example.org", List.of(iso), 1, 1, 100, "Catalogue");
        assertTrue(rdf.contains("<hydra:totalItems"), rdf);
        List<CatalogRecord> back = parser.parse(rdf.getBytes(StandardCharsets.UTF_8), "page.rdf");
        assertEquals(1, back.size());
        CatalogRecord r = back.get(0);
        assertEquals(iso.identifier(), r.identifier());
        assertEquals(iso.title(), r.title());
        assertEquals(iso.keywords(), r.keywords());
        assertEquals(iso.organisation(), r.organisation());
        assertEquals(iso.bbox(), r.bbox());
        assertEquals(iso.lineage(), r.lineage());
        assertEquals(iso.distributions().get(0).url(), r.distributions().get(0).url());
    }
}
