package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.api.catalog.DatasetCatalog;
import fr.datagrandest.platform.api.catalog.DatasetPage;
import fr.datagrandest.platform.api.catalog.DatasetRef;

/** The JSON API over HTTP in the real platform: demo content, search, record, original, imports, deletion. */
class CatalogApiIT {

    @InjectBundleContext
    BundleContext context;
    RunningPlatform platform;

    @BeforeEach
    void platform() throws Exception {
        platform = new RunningPlatform(context);
    }

    @Test
    void demoContentIsLoadedAndSearchable() throws Exception {
        JsonNode status = platform.json("/catalog/api/status");
        assertTrue(status.path("records").asInt() >= 150, status.toString());
        assertEquals(status.path("records").asInt(), status.path("indexed").asInt());
        JsonNode found = platform.json("/catalog/api/records?q=" + enc("plan local d'urbanisme") + "&limit=5");
        assertTrue(found.path("total").asInt() >= 10, found.toString());
        assertTrue(found.path("records").get(0).path("title").asText().toLowerCase().contains("urbanisme"));
        assertTrue(found.path("facets").path("organisation").size() > 0);
        JsonNode balaives = platform.json("/catalog/api/records?q=Balaives&type=dataset");
        List<String> ids = new java.util.ArrayList<>();
        balaives.path("records").forEach(r -> ids.add(r.path("identifier").asText()));
        assertTrue(ids.contains("fr-210800405-08042-plu20140213"), balaives.toString());
        balaives.path("records").forEach(r -> assertTrue(r.path("title").asText().contains("Balaives")
                || r.path("abstract").asText().contains("Balaives"), r.toString()));
    }

    @Test
    void recordAndOriginalDocument() throws Exception {
        JsonNode r = platform.json("/catalog/api/records/fr-210800405-08042-plu20140213");
        assertEquals("mairie de Balaives et Butz", r.path("record").path("organisation").asText());
        assertEquals("ESRI Shapefile", r.path("record").path("formats").get(0).asText());
        HttpResponse<byte[]> original = platform.getBytes(r.path("original").asText());
        assertEquals(200, original.statusCode());
        org.osgi.framework.Bundle catalogBundle = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "fr.datagrandest.plugin.catalog.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
        try (InputStream shipped = catalogBundle.getEntry("demo/iso19139/fr-210800405-08042-plu20140213.xml").openStream()) {
            assertArrayEquals(shipped.readAllBytes(), original.body());
        }
        // an identifier with slashes and dots is reached with ?id=
        JsonNode odd = platform.json("/catalog/api/record?id=" + enc("../../../I'm Trying to go back a few directories/../.."));
        assertEquals("../../../I'm Trying to go back a few directories/../..", odd.path("record").path("identifier").asText());
        assertEquals(404, platform.get("/catalog/api/records/no-such-record").statusCode());
    }

    @Test
    void importNeedsAnEditorAndReportsEachFile() throws Exception {
        byte[] doc = Iso.record("it-vergers", "Vergers conservatoires d'Alsace", "Vergers", "Région Grand Est", "vergers",
                "2024-05-01", 7.0, 47.5, 8.0, 49.0);
        HttpResponse<String> anonymous = platform.post("/catalog/api/records?name=v.xml", "application/xml", doc, false);
        assertEquals(401, anonymous.statusCode(), anonymous.body());

        HttpResponse<String> one = platform.post("/catalog/api/records?name=v.xml", "application/xml", doc, true);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(1, RunningPlatform.JSON.readTree(one.body()).path("imported").asInt());
        assertEquals(1, platform.json("/catalog/api/records?q=verger").path("total").asInt());

        byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<csw:Record xmlns:csw=\"http://www.opengis.net/cat/csw/2.0.2\">&x;</csw:Record>").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("lot/bon.xml"));
            z.write(Iso.record("it-zip-good", "Haies bocagères", "Haies", "Région Grand Est", "haies", "2023-01-01", 5, 48, 6, 49));
            z.putNextEntry(new ZipEntry("lot/xxe.xml"));
            z.write(xxe);
            z.putNextEntry(new ZipEntry("lot/casse.xml"));
            z.write("<gmd:MD_Metadata".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> report = platform.post("/catalog/api/records", "application/zip", zip.toByteArray(), true);
        assertEquals(200, report.statusCode(), report.body());
        JsonNode r = RunningPlatform.JSON.readTree(report.body());
        assertEquals(1, r.path("imported").asInt());
        assertEquals(2, r.path("refused").asInt());
        assertTrue(r.path("entries").get(1).path("reason").asText().contains("XXE"), report.body());
        assertTrue(r.path("entries").get(2).path("reason").asText().startsWith("malformed XML"), report.body());

        HttpResponse<String> refused = platform.post("/catalog/api/records?name=x.xml", "application/xml", xxe, true);
        assertEquals(422, refused.statusCode(), refused.body());

        assertEquals(204, platform.delete("/catalog/api/records/it-vergers").statusCode());
        assertEquals(204, platform.delete("/catalog/api/record?id=it-zip-good").statusCode());
        assertEquals(0, platform.json("/catalog/api/records?q=verger").path("total").asInt());
        assertEquals(404, platform.delete("/catalog/api/records/it-vergers").statusCode());
    }

    @Test
    void qualityReportPerRecordAndPerOrganisation() throws Exception {
        JsonNode q = platform.json("/catalog/api/record/quality?id=fr-210800405-08042-plu20140213");
        assertTrue(q.path("score").asInt() > 80, q.toString());
        JsonNode summary = platform.json("/catalog/api/quality");
        boolean found = false;
        for (JsonNode org : summary.path("organisations")) {
            if (org.path("organisation").asText().equals("mairie de Balaives et Butz")) {
                found = org.path("records").asInt() >= 1 && org.path("meanScore").asInt() > 0;
            }
        }
        assertTrue(found, summary.toString());
    }

    /** Other plugins find the catalogue's records through the platform.api service, as the JSON API counts them. */
    @Test
    void datasetCatalogServiceForOtherPlugins() throws Exception {
        ServiceReference<DatasetCatalog> ref = context.getServiceReference(DatasetCatalog.class);
        assertNotNull(ref, "the catalogue registers DatasetCatalog");
        DatasetCatalog datasets = context.getService(ref);
        try {
            DatasetPage etalab = datasets.datasetsWithLicence("etalab-2.0", 3);
            JsonNode api = platform.json("/catalog/api/records?licence=etalab-2.0&limit=1");
            assertTrue(etalab.total() >= 10, "the demo content has many Licence Ouverte 2.0 records: " + etalab.total());
            assertEquals(api.path("total").asLong(), etalab.total(), "the facet value and the service agree");
            assertEquals(3, etalab.datasets().size());
            DatasetRef first = etalab.datasets().get(0);
            assertEquals(200, platform.get(first.pagePath()).statusCode(), first.pagePath());
            DatasetRef balaives = datasets.dataset("fr-210800405-08042-plu20140213").orElseThrow();
            assertEquals("mairie de Balaives et Butz", balaives.organisation());
            assertTrue(platform.get(balaives.pagePath()).body().contains("Balaives-et-Butz"));
            assertTrue(datasets.dataset("nothing-here").isEmpty());
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    void badParametersAreClientErrors() throws Exception {
        for (String query : new String[] {"limit=-1", "limit=100000", "offset=x", "bbox=1,2,3", "bbox=5,5,1,1", "sort=size"}) {
            HttpResponse<String> r = platform.get("/catalog/api/records?" + query);
            assertEquals(400, r.statusCode(), query + " " + r.body());
            assertTrue(r.body().contains("\"detail\""), r.body());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
