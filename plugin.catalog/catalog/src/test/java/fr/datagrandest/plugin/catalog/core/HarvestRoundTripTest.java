package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;

import fr.datagrandest.plugin.catalog.core.csw.CswServlet;
import fr.datagrandest.plugin.catalog.core.dcat.DcatServlet;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestReport;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestSource;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestStore;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/**
 * Round trip between two catalogues: the first holds the shipped real records and serves them with its own CSW and
 * DCAT servlets over real HTTP (Jetty); the second harvests it and must hold the same records, then follow a change
 * and a removal.
 */
class HarvestRoundTripTest {

    @TempDir
    static Path folder;
    static CatalogService source;
    static CatalogService copy;
    static HarvestService harvests;
    static Server server;
    static String base;
    static Map<String, CatalogRecord> served = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        source = TestCatalogs.create(folder.resolve("a"));
        source.loadDemoContent();
        source.forEachRecord(r -> served.put(r.identifier(), r));
        DataSource db = TestCatalogs.database();
        copy = TestCatalogs.create(folder.resolve("b"), db);
        harvests = new HarvestService(copy, new HarvestStore(db), 25, true);
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new CswServlet(source)), "/catalog/csw");
        context.addServlet(new ServletHolder(new DcatServlet(source)), "/catalog/dcat");
        // The JAX-RS resources as the platform's REST whiteboard serves them: Jersey with Jackson.
        context.addServlet(new ServletHolder(new ServletContainer(new ResourceConfig()
                .register(new fr.datagrandest.plugin.catalog.core.ogcapi.RecordsResource(source))
                .register(JacksonJsonProvider.class))), "/catalog/ogcapi/*");
        context.addServlet(new ServletHolder(new ServletContainer(new ResourceConfig()
                .register(new fr.datagrandest.plugin.catalog.core.api.RecordsResource(source))
                .register(JacksonJsonProvider.class))), "/catalog/api/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        harvests.stop();
        copy.stop();
        source.stop();
    }

    @Test
    void cswHarvestCopiesEveryRecordThenFollowsChangesAndRemovals() throws Exception {
        HarvestSource s = harvests.create("Catalogue A (CSW)", "csw", base + "/catalog/csw", 0, "test");
        HarvestReport first = harvests.runNow(s);
        assertEquals("succeeded", first.getStatus(), first.getError());
        assertEquals(served.size(), first.getMatched());
        assertEquals(List.of(), first.getRefusals(), "every record the source serves is read back");
        assertEquals(served.size(), first.getAdded());
        assertTrue(first.getPages() >= served.size() / 25, "paged by 25: " + first.getPages());
        Map<String, String> harvested = copy.harvested(s.id());
        assertEquals(served.keySet(), harvested.keySet());
        for (CatalogRecord a : served.values()) {
            CatalogRecord b = copy.find(a.identifier()).orElseThrow().record();
            assertEquals(a.title(), b.title(), a.identifier());
            assertEquals(a.organisation(), b.organisation(), a.identifier());
            assertEquals(a.bbox(), b.bbox(), a.identifier());
            if (a.standard().equals("iso19139")) {
                // The ISO original itself travels: every derived field is the same.
                assertEquals(a, b, a.identifier());
            }
        }

        HarvestReport second = harvests.runNow(s);
        assertEquals(served.size(), second.getUnchanged(), "nothing changed: nothing written");
        assertEquals(0, second.getAdded() + second.getUpdated() + second.getRemoved());

        // A record changes and another goes at the source.
        ImportReport report = new ImportReport();
        source.importDocument("changed.xml", Iso.record("changed-1", "Nouvelle fiche", "Ajoutée à la source", "Région Grand Est",
                "essai", "2025-01-01", 5, 48, 6, 49), "test", report);
        String gone = served.keySet().stream().filter(id -> id.startsWith("fr-")).sorted().findFirst().orElseThrow();
        source.delete(gone);
        source.commit();
        HarvestReport third = harvests.runNow(s);
        assertEquals(List.of(1, 0, 1), List.of(third.getAdded(), third.getUpdated(), third.getRemoved()), "added, updated, removed");
        assertTrue(copy.find(gone).isEmpty());
        assertEquals("Nouvelle fiche", copy.find("changed-1").orElseThrow().record().title());
        source.importDocument("gone.xml", TestCatalogs.resource(manifestFileOf(gone)), "test", report);
        source.delete("changed-1");
        source.commit();
    }

    @Test
    void dcatHarvestFollowsHydraPages() throws Exception {
        // Another catalogue, to keep the sources apart.
        DataSource db = TestCatalogs.database();
        CatalogService other = TestCatalogs.create(folder.resolve("c"), db);
        HarvestService otherHarvests = new HarvestService(other, new HarvestStore(db), 25, true);
        try {
            HarvestSource s = otherHarvests.create("Catalogue A (DCAT)", "dcat", base + "/catalog/dcat?pageSize=30", 0, "test");
            HarvestReport r = otherHarvests.runNow(s);
            assertEquals("succeeded", r.getStatus(), r.getError());
            Map<String, CatalogRecord> datasets = served.values().stream().filter(x -> !"service".equals(x.resourceType()))
                    .collect(Collectors.toMap(CatalogRecord::identifier, x -> x));
            assertEquals(datasets.keySet(), other.harvested(s.id()).keySet(), "every dataset and series, once: " + r.getRefusals());
            for (CatalogRecord a : datasets.values()) {
                CatalogRecord b = other.find(a.identifier()).orElseThrow().record();
                assertEquals(a.title(), b.title(), a.identifier());
                assertEquals(a.bbox(), b.bbox(), a.identifier());
            }
            assertEquals(datasets.size(), otherHarvests.runNow(s).getUnchanged(), "incremental");
        } finally {
            otherHarvests.stop();
            other.stop();
        }
    }

    @Test
    void ogcApiRecordsHarvestFollowsNextLinksAndKeepsTheLinkedOriginals() throws Exception {
        DataSource db = TestCatalogs.database();
        CatalogService other = TestCatalogs.create(folder.resolve("d"), db);
        HarvestService otherHarvests = new HarvestService(other, new HarvestStore(db), 25, true);
        try {
            HarvestSource s = otherHarvests.create("Catalogue A (OGC API)", "ogcapi",
                    base + "/catalog/ogcapi/collections/metadata/items", 0, "test");
            HarvestReport r = otherHarvests.runNow(s);
            assertEquals("succeeded", r.getStatus(), r.getError());
            assertEquals(served.size(), r.getMatched());
            assertTrue(r.getPages() >= served.size() / 25, "paged by 25: " + r.getPages());
            assertEquals(served.keySet(), other.harvested(s.id()).keySet(), "every record, once: " + r.getRefusals());
            for (CatalogRecord a : served.values()) {
                CatalogRecord b = other.find(a.identifier()).orElseThrow().record();
                assertEquals(a.title(), b.title(), a.identifier());
                if (!"dcat".equals(a.standard())) {
                    // The original document the item links to travels: every derived field is the same.
                    assertEquals(a, b, a.identifier());
                }
            }
            HarvestReport again = otherHarvests.runNow(s);
            assertEquals(List.of(served.size(), 0, 0, 0, 0), List.of(again.getUnchanged(), again.getAdded(), again.getUpdated(),
                    again.getRemoved(), again.getRefused()), "incremental, also for items sharing one DCAT document");
        } finally {
            otherHarvests.stop();
            other.stop();
        }
    }

    /** The KVP form the harvester falls back to is understood by this catalogue's CSW (ISO records, paging). */
    @Test
    void theKvpGetRecordsOfTheHarvesterIsAValidRequest() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(fr.datagrandest.plugin.catalog.core.harvest.Harvester.getRecordsUrl(base + "/catalog/csw", 11, 5)))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("numberOfRecordsMatched=\"" + served.size() + "\""), r.body());
        assertTrue(r.body().contains("numberOfRecordsReturned=\"5\"") && r.body().contains("nextRecord=\"16\""), r.body());
        assertTrue(r.body().contains("MD_Metadata"), "ISO 19139 records");
    }

    private static String manifestFileOf(String identifier) throws Exception {
        for (String file : source.demoFiles()) {
            if (file.contains(identifier)) {
                return "demo/" + file;
            }
        }
        throw new AssertionError("no demo file for " + identifier);
    }
}
