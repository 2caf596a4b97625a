package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fr.datagrandest.plugin.catalog.core.harvest.HarvestReport;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestSource;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestStore;

/**
 * CSW harvesting against recorded real GeoNetwork answers (6 records, 2 per page) served by a real local HTTP
 * server, as recorded and with the quirks real servers have: nextRecord missing or 0, a count that changes, pages
 * shorter than asked, a server that ignores startPosition, one that fails part way.
 */
class CswHarvestTest {

    static final List<String> IDS = List.of("fr-120066022-ldd-56fce164-04b2-41ae-be87-9f256f39dd44",
            "fr-120066022-ldd-777b1c6b-36a7-4650-befa-e4be638cd694", "fr-120066022-jdd-585c9cd3-d542-407a-b6a5-885f062b0024",
            "fr-120066022-ldd-05ba3a8c-ee8a-4dd5-a86a-15b6d6cd1bc8", "fr-120066022-ldd-1d31b525-5f0e-4fd2-8ab4-cad099333b5c",
            "fr-120066022-ldd-3f4cc8c8-5c3e-4a0e-8b56-0a569a7e12f6");
    static final Pattern START = Pattern.compile("startPosition=\"(\\d+)\"");
    static final Pattern MAX = Pattern.compile("maxRecords=\"(\\d+)\"");

    @TempDir
    Path folder;
    CatalogService catalog;
    HarvestService harvests;
    HttpServer server;
    String url;
    /** The answer to a GetRecords at a startPosition (null: HTTP 500). */
    volatile IntFunction<String> answer;
    final List<Integer> asked = new CopyOnWriteArrayList<>();
    /** A server that refuses XML POST requests (405) and takes KVP GET only. */
    volatile boolean getOnly;
    final java.util.concurrent.atomic.AtomicInteger refusedPosts = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        DataSource db = TestCatalogs.database();
        catalog = TestCatalogs.create(folder.resolve("index"), db);
        harvests = new HarvestService(catalog, new HarvestStore(db), 10, true);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/csw", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("GET")) {
                // KVP: the same parameters as attributes, so that one matcher reads both forms.
                String query = exchange.getRequestURI().getQuery();
                assertTrue(query.contains("request=GetRecords") && query.contains("outputSchema=http://www.isotc211.org/2005/gmd"), query);
                body = query.replaceAll("(\\w+)=([^&]*)", "$1=\"$2\"");
            } else if (getOnly) {
                refusedPosts.incrementAndGet();
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
                return;
            }
            Matcher m = START.matcher(body);
            Matcher max = MAX.matcher(body);
            int start = m.find() ? Integer.parseInt(m.group(1)) : -1;
            assertTrue(max.find() && Integer.parseInt(max.group(1)) == 10, "the harvester asks its page size");
            asked.add(start);
            String text = answer.apply(start);
            byte[] out = (text == null ? "failure" : text).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(text == null ? 500 : 200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/csw";
        answer = CswHarvestTest::recorded;
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        harvests.stop();
        catalog.stop();
    }

    static String page(int n) {
        try (InputStream in = CswHarvestTest.class.getResourceAsStream("/harvest/csw-responses/udata__geonetwork-iso19139-page-" + n + ".xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pages as GeoNetwork sent them; after the last one an empty page; any other position is an error. */
    static String recorded(int start) {
        return switch (start) {
            case 1, 3, 5 -> page(start);
            default -> start > 6 ? empty(6) : "<ows:ExceptionReport xmlns:ows=\"http://www.opengis.net/ows\"><ows:Exception"
                    + " exceptionCode=\"InvalidParameterValue\" locator=\"startPosition\"/></ows:ExceptionReport>";
        };
    }

    static String empty(int matched) {
        return "<csw:GetRecordsResponse xmlns:csw=\"http://www.opengis.net/cat/csw/2.0.2\"><csw:SearchResults numberOfRecordsMatched=\""
                + matched + "\" numberOfRecordsReturned=\"0\" nextRecord=\"0\"/></csw:GetRecordsResponse>";
    }

    HarvestSource source() throws Exception {
        return harvests.create("GeoNetwork enregistré", "csw", url, 0, "test");
    }

    private Set<String> ids() throws Exception {
        return catalog.harvested(harvests.sources().get(0).id()).keySet();
    }

    @Test
    void recordedPagesAreHarvestedWithTheirContent() throws Exception {
        HarvestSource s = source();
        HarvestReport r = harvests.runNow(s);
        assertEquals("succeeded", r.getStatus(), r.getError());
        assertEquals(6, r.getAdded());
        assertEquals(6, r.getMatched());
        assertEquals(List.of(1, 3, 5), asked, "pages shorter than asked: each page starts after the records received");
        assertEquals(Set.copyOf(IDS), ids());
        assertEquals(6, catalog.harvestedCount(s.id()));
        var record = catalog.find(IDS.get(0)).orElseThrow();
        assertEquals("Plan local d'urbanisme de la commune de Cartigny", record.record().title());
        assertEquals(s.id(), record.harvestSource(), "the record keeps where it came from");
        assertEquals(1, catalog.search(catalog.index().textQuery("Cartigny"), null, 0, 10, 0).total(), "searchable at once");
        String original = new String(catalog.original(IDS.get(0)).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(original.contains("<gmd:MD_Metadata") && original.contains("Cartigny") && !original.contains("SearchResults"),
                "the original is the record alone, cut out of its page");
        assertEquals("succeeded", harvests.runs(s.id(), 5).get(0).getStatus(), "the report is kept");

        // Second run: nothing changed at the source, nothing is written again.
        asked.clear();
        HarvestReport again = harvests.runNow(s);
        assertEquals(List.of(0, 0, 6, 0, 0), List.of(again.getAdded(), again.getUpdated(), again.getUnchanged(),
                again.getRemoved(), again.getRefused()), "incremental");
        assertEquals(2, harvests.runs(s.id(), 5).size());
    }

    @Test
    void aServerTakingOnlyKvpGetRequestsIsAskedSo() throws Exception {
        getOnly = true;
        HarvestReport r = harvests.runNow(source());
        assertEquals("succeeded", r.getStatus(), r.getError());
        assertEquals(6, r.getAdded());
        assertEquals(1, refusedPosts.get(), "one POST, refused");
        assertEquals(List.of(1, 3, 5), asked, "then every page by GET");
    }

    @Test
    void nextRecordMissingOrZeroAndAChangingCountSkipNothing() throws Exception {
        HarvestSource s = source();
        answer = start -> recorded(start).replaceAll(" nextRecord=\"\\d+\"", "");
        assertEquals(6, harvests.runNow(s).getSeen(), "nextRecord missing");
        answer = start -> recorded(start).replaceAll(" nextRecord=\"\\d+\"", " nextRecord=\"0\"");
        assertEquals(6, harvests.runNow(s).getSeen(), "nextRecord 0 on every page");
        // nextRecord says more on the last page, and asking past the count gives an exception, not an empty page.
        answer = start -> start == 5 ? page(5).replace("nextRecord=\"0\"", "nextRecord=\"7\"")
                : start == 7 ? recorded(2) : recorded(start);
        HarvestReport past = harvests.runNow(s);
        assertEquals("succeeded", past.getStatus(), past.getError());
        assertEquals(6, past.getSeen());
        // The count drops to 4 on the second page while the server still says there is more: page 5 is read.
        answer = start -> start == 3 ? page(3).replace("numberOfRecordsMatched=\"6\"", "numberOfRecordsMatched=\"4\"") : recorded(start);
        HarvestReport shrinking = harvests.runNow(s);
        assertEquals(6, shrinking.getSeen());
        assertEquals(0, shrinking.getRemoved());
        // The count grows to 8 while harvesting (records added at the source): the harvester goes on until an empty page.
        asked.clear();
        answer = start -> start == 5 ? page(5).replace("numberOfRecordsMatched=\"6\"", "numberOfRecordsMatched=\"8\"")
                : start == 7 ? empty(8) : recorded(start);
        HarvestReport growing = harvests.runNow(s);
        assertEquals("succeeded", growing.getStatus(), growing.getError());
        assertEquals(List.of(1, 3, 5, 7), asked);
        assertEquals(Set.copyOf(IDS), ids());
    }

    @Test
    void recordsRemovedAtTheSourceAreRemovedHereOnlyThoseFromThatSource() throws Exception {
        HarvestSource s = source();
        harvests.runNow(s);
        ImportReport local = new ImportReport();
        catalog.importDocument("local.xml", Iso.record("local-1", "Fiche locale", "ici", "DataGrandEst", "local", "2024-01-01",
                5, 48, 6, 49), "test", local);
        catalog.commit();
        // The source no longer lists its last page.
        answer = start -> start == 3 ? page(3).replace("numberOfRecordsMatched=\"6\"", "numberOfRecordsMatched=\"4\"")
                .replace("nextRecord=\"5\"", "nextRecord=\"0\"") : start == 1 ? page(1).replace("numberOfRecordsMatched=\"6\"",
                "numberOfRecordsMatched=\"4\"") : empty(4);
        HarvestReport r = harvests.runNow(s);
        assertEquals("succeeded", r.getStatus(), r.getError());
        assertEquals(2, r.getRemoved());
        assertEquals(Set.copyOf(IDS.subList(0, 4)), ids());
        assertEquals(4, catalog.harvestedCount(s.id()));
        assertTrue(catalog.find(IDS.get(5)).isEmpty() && catalog.find("local-1").isPresent(), "a local record stays");
        assertEquals(5, catalog.search(new org.apache.lucene.search.MatchAllDocsQuery(), null, 0, 10, 0).total(), "index in step");
    }

    @Test
    void aChangedRecordIsUpdatedAndARecordImportedHereIsNotReplaced() throws Exception {
        ImportReport local = new ImportReport();
        catalog.importDocument("mine.xml", Iso.record(IDS.get(2), "Ma propre fiche", "ici", "DataGrandEst", "local", "2024-01-01",
                5, 48, 6, 49), "test", local);
        catalog.commit();
        HarvestSource s = source();
        HarvestReport first = harvests.runNow(s);
        assertEquals(5, first.getAdded());
        assertEquals(1, first.getRefused());
        assertEquals(IDS.get(2), first.getRefusals().get(0).record());
        assertTrue(first.getRefusals().get(0).reason().contains("imported here"), first.getRefusals().toString());
        assertEquals("Ma propre fiche", catalog.find(IDS.get(2)).orElseThrow().record().title());

        answer = start -> start == 5 ? page(5).replace("Plan local d'urbanisme de la commune de Naours",
                "Plan local d'urbanisme de Naours (révisé)") : recorded(start);
        HarvestReport second = harvests.runNow(s);
        assertEquals(1, second.getUpdated());
        assertEquals(4, second.getUnchanged());
        assertEquals("Plan local d'urbanisme de Naours (révisé)", catalog.find(IDS.get(4)).orElseThrow().record().title());
        assertTrue(catalog.find(IDS.get(2)).orElseThrow().harvestSource() == null, "the local record is still local");
    }

    @Test
    void aServerIgnoringStartPositionOrFailingPartWayRemovesNothing() throws Exception {
        HarvestSource s = source();
        harvests.runNow(s);
        answer = start -> page(1);
        HarvestReport looping = harvests.runNow(s);
        assertEquals("failed", looping.getStatus());
        assertTrue(looping.getError().contains("ignore paging"), looping.getError());
        assertEquals(0, looping.getRemoved());

        answer = start -> start == 5 ? null : recorded(start);
        HarvestReport failing = harvests.runNow(s);
        assertEquals("failed", failing.getStatus());
        assertTrue(failing.getError().contains("HTTP 500"), failing.getError());
        assertEquals(0, failing.getRemoved());
        assertEquals(6, ids().size(), "nothing removed by a failed run");

        answer = start -> "<html>not a catalogue</html";
        HarvestReport broken = harvests.runNow(s);
        assertEquals("failed", broken.getStatus());
        assertTrue(broken.getError().contains("not well-formed XML"), broken.getError());
        Map<String, String> left = catalog.harvested(s.id());
        assertEquals(6, left.size());
    }

    private void redirect(String path, String location, int status) {
        server.createContext(path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    @Test
    void aRedirectedSourceIsFollowedAndEachTargetChecked() throws Exception {
        // 301 to the same server: the GetRecords POST is sent again there
        redirect("/moved", "/csw", 301);
        HarvestReport moved = harvests.runNow(harvests.create("Déménagé", "csw", url.replace("/csw", "/moved"), 0, "test"));
        assertEquals("succeeded", moved.getStatus(), moved.getError());
        assertEquals(6, moved.getAdded());

        // to a cloud's instance metadata: refused before any connection, whatever the setting
        redirect("/metadata", "http://169.254.169.254/latest/meta-data/", 302);
        HarvestReport metadata = harvests.runNow(harvests.create("Piège", "csw", url.replace("/csw", "/metadata"), 0, "test"));
        assertEquals("failed", metadata.getStatus());
        assertTrue(metadata.getError().contains("169.254.169.254") && metadata.getError().contains("link-local")
                && metadata.getError().contains("redirected from"), metadata.getError());

        // a redirect loop ends
        redirect("/loop", "/loop", 307);
        HarvestReport loop = harvests.runNow(harvests.create("Boucle", "csw", url.replace("/csw", "/loop"), 0, "test"));
        assertEquals("failed", loop.getStatus());
        assertTrue(loop.getError().contains("more than 5 redirects"), loop.getError());
    }

    @Test
    void privateAddressesAreRefusedUnlessTheSettingAllowsThem() throws Exception {
        HarvestSource allowedThen = source();
        HarvestService strict = new HarvestService(catalog, new HarvestStore(TestCatalogs.database()), 10, false);
        try {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> strict.create("Intranet", "csw", url, 0, "test"));
            assertTrue(refused.getMessage().contains("loopback") && refused.getMessage().contains("privateAddresses"),
                    refused.getMessage());
            for (String other : List.of("http://10.1.2.3/csw", "http://192.168.0.10/csw", "http://[fd00::1]/csw",
                    "http://[::ffff:127.0.0.1]/csw", "http://169.254.169.254/", "http://0.0.0.0:8080/csw")) {
                assertThrows(IllegalArgumentException.class, () -> strict.create("Intranet", "csw", other, 0, "test"), other);
            }
            // a source added while private addresses were allowed is refused at its next run, before any request
            HarvestReport run = strict.runNow(allowedThen);
            assertEquals("failed", run.getStatus());
            assertTrue(run.getError().contains("loopback"), run.getError());
            assertTrue(asked.isEmpty(), "nothing was sent to the source");
        } finally {
            strict.stop();
        }
        // link-local addresses stay refused when private ones are allowed
        IllegalArgumentException metadata = assertThrows(IllegalArgumentException.class,
                () -> harvests.create("Métadonnées", "csw", "http://169.254.169.254/latest/", 0, "test"));
        assertTrue(metadata.getMessage().contains("link-local"), metadata.getMessage());
    }
}
