package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/** OGC API – Records over HTTP, by hand and with GDAL's OGC API driver (ogrinfo OAPIF:). */
class OgcApiRecordsIT {

    @InjectBundleContext
    BundleContext context;
    RunningPlatform platform;

    @BeforeEach
    void platform() throws Exception {
        platform = new RunningPlatform(context);
    }

    @Test
    void landingConformanceCollectionAndPagedItems() throws Exception {
        JsonNode landing = platform.json("/catalog/ogcapi");
        assertTrue(landing.path("links").toString().contains("/catalog/ogcapi/conformance"));
        assertTrue(platform.json("/catalog/ogcapi/conformance").path("conformsTo").toString().contains("ogcapi-records-1"));
        assertEquals("record", platform.json("/catalog/ogcapi/collections/metadata").path("itemType").asText());
        int total = platform.json("/catalog/api/status").path("records").asInt();
        Set<String> seen = new HashSet<>();
        String next = "/catalog/ogcapi/collections/metadata/items?limit=40";
        while (next != null) {
            JsonNode page = platform.json(next);
            assertEquals(total, page.path("numberMatched").asInt());
            page.path("features").forEach(f -> assertTrue(seen.add(f.path("id").asText()), "repeated " + f.path("id")));
            next = null;
            for (JsonNode l : page.path("links")) {
                if ("next".equals(l.path("rel").asText())) {
                    next = l.path("href").asText().substring(platform.base.length());
                }
            }
        }
        assertEquals(total, seen.size(), "every record once");
        JsonNode found = platform.json("/catalog/ogcapi/collections/metadata/items?q=Balaives&bbox=4,49,5.5,50&type=dataset&datetime=2014-01-01/..");
        assertTrue(found.path("numberMatched").asInt() >= 1, found.toString());
        JsonNode item = platform.json("/catalog/ogcapi/collections/metadata/items/fr-210800405-08042-plu20140213");
        assertEquals("Feature", item.path("type").asText());
        assertEquals("Polygon", item.path("geometry").path("type").asText());
        assertTrue(item.path("properties").path("title").asText().contains("Balaives"));
        HttpResponse<String> bad = platform.get("/catalog/ogcapi/collections/metadata/items?limit=0");
        assertEquals(400, bad.statusCode());
        assertEquals(404, platform.get("/catalog/ogcapi/collections/nothing/items").statusCode());
    }

    @Test
    void dcatCatalogueIsPagedWithHydra() throws Exception {
        int total = platform.json("/catalog/api/status").path("records").asInt();
        HttpResponse<String> first = platform.get("/catalog/dcat?pageSize=50");
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("application/rdf+xml"));
        assertTrue(first.body().contains(">" + total + "</hydra:totalItems>"), first.body().substring(0, 2000));
        assertTrue(first.body().contains("page=2&amp;pageSize=50"), "a next page is announced");
        assertEquals(400, platform.get("/catalog/dcat?pageSize=100000").statusCode());
        // a real RDF parser reads it (python3-rdflib)
        String script = "import sys, rdflib\n"
                + "g = rdflib.Graph(); g.parse(sys.argv[1], format='xml')\n"
                + "DCAT = rdflib.Namespace('http://www.w3.org/ns/dcat#')\n"
                + "n = len(set(g.subjects(rdflib.RDF.type, DCAT.Dataset)) | set(g.subjects(rdflib.RDF.type, DCAT.DatasetSeries)) | set(g.subjects(rdflib.RDF.type, DCAT.DataService)))\n"
                + "print('RESOURCES', n)\n";
        Path log = Files.createTempFile("rdflib", ".log");
        try {
            Process p = new ProcessBuilder(List.of("/usr/bin/python3", "-c", script, platform.base + "/catalog/dcat?pageSize=50"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("RESOURCES 50"), out);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void gdalReadsTheRecordsAsFeatures() throws Exception {
        int total = platform.json("/catalog/api/status").path("records").asInt();
        Path log = Files.createTempFile("ogrinfo", ".log");
        try {
            Process p = new ProcessBuilder(List.of("ogrinfo", "-ro", "-al", "-so", "OAPIF:" + platform.base + "/catalog/ogcapi"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ogrinfo did not finish");
            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("Layer name: metadata"), out);
            assertTrue(out.contains("Feature Count: " + total), out);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
