package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fr.datagrandest.plugin.catalog.core.harvest.HarvestReport;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestSource;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestStore;
import fr.datagrandest.plugin.catalog.core.parse.MetadataParser;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/**
 * DCAT harvesting of real documents served by a local HTTP server: each dataset or series is cut out of the page
 * with the nodes it refers to, and must give the same record as reading the whole document does.
 */
class DcatHarvestTest {

    @TempDir
    Path folder;
    CatalogService catalog;
    HarvestService harvests;
    HttpServer server;
    String base;

    @BeforeEach
    void start() throws Exception {
        DataSource db = TestCatalogs.database();
        catalog = TestCatalogs.create(folder.resolve("index"), db);
        harvests = new HarvestService(catalog, new HarvestStore(db), 10, true);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dcat/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/dcat/".length());
            try (InputStream in = DcatHarvestTest.class.getResourceAsStream("/harvest/dcat/" + name)) {
                byte[] body = in == null ? new byte[0] : in.readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/rdf+xml");
                exchange.sendResponseHeaders(in == null ? 404 : 200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/dcat/";
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        harvests.stop();
        catalog.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udata__udata.xml", "udata__bnodes.xml", "udata__catalog.xml", "udata__series.xml",
            "udata__geonetwork.xml", "udata__sig.oreme.rdf"})
    void eachDatasetGivesTheRecordTheWholeDocumentGives(String file) throws Exception {
        List<CatalogRecord> expected = new MetadataParser().parse(TestCatalogs.resource("harvest/dcat/" + file), file);
        HarvestSource s = harvests.create(file, "dcat", base + file, 0, "test");
        HarvestReport r = harvests.runNow(s);
        assertEquals("succeeded", r.getStatus(), r.getError());
        assertEquals(List.of(), r.getRefusals());
        Map<String, CatalogRecord> byId = expected.stream().collect(Collectors.toMap(CatalogRecord::identifier, x -> x, (a, b) -> a));
        assertEquals(byId.keySet(), catalog.harvested(s.id()).keySet());
        for (CatalogRecord e : byId.values()) {
            CatalogRecord got = catalog.find(e.identifier()).orElseThrow().record();
            assertEquals(e.title(), got.title(), e.identifier());
            assertEquals(e.abstractText(), got.abstractText(), e.identifier());
            assertEquals(e.resourceType(), got.resourceType(), e.identifier());
            assertEquals(e.keywords(), got.keywords(), e.identifier());
            assertEquals(e.licence(), got.licence(), e.identifier());
            assertEquals(e.bbox(), got.bbox(), e.identifier());
            assertEquals(e.distributions(), got.distributions(), "distributions found through references: " + e.identifier());
        }
        HarvestReport again = harvests.runNow(s);
        assertEquals(byId.size(), again.getUnchanged());
        assertTrue(again.getAdded() + again.getUpdated() + again.getRemoved() == 0, "incremental");
    }
}
