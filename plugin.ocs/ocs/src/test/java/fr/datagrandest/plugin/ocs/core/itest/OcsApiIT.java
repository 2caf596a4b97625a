package fr.datagrandest.plugin.ocs.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;
import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.ExpectedIndicators;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/**
 * The plugin in a real platform: a synthetic OCS GE built on the territory service's own commune outlines is
 * sent to {@code POST /ocs/api/imports}, and the indicators the API answers are those the generator knows.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OcsApiIT {

    private static final String EPCI = "246800445"; // CC du Centre du Haut-Rhin (9 communes)

    @InjectBundleContext
    BundleContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String base;
    private SyntheticDataset data;
    private ExpectedIndicators expected;
    private Path dir;

    @BeforeAll
    void platformServes(@InjectService(timeout = 20000) ConfigurationAdmin configAdmin,
            @InjectService(timeout = 20000) TerritoryService territories) throws Exception {
        Configuration conf = configAdmin.getConfiguration("fr.datagrandest.plugin.ocs", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("demoDepartement", "");
        props.put("maxUploadMiB", 64);
        conf.update(props);
        ServiceReference<HttpServiceRuntime> runtime = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        base = url.replace("0.0.0.0", "localhost").replaceAll("/$", "");
        long deadline = System.currentTimeMillis() + 30_000;
        while (get("/ocs/api/nomenclatures").statusCode() != 200) {
            assertTrue(System.currentTimeMillis() < deadline, "the OCS API does not answer");
            Thread.sleep(200);
        }
        Territory epci = territories.get(TerritoryLevel.EPCI, EPCI).orElseThrow();
        List<CommuneOutline> communes = new ArrayList<>();
        for (Territory c : territories.children(epci, TerritoryLevel.COMMUNE)) {
            Geometry g = new WKTReader().read(territories.geometryWkt(c, CoordinateSystem.LAMBERT93).orElseThrow());
            communes.add(new CommuneOutline(c.code(), c.name(), "68", EPCI, c.population(), g));
        }
        data = new SyntheticOcsGe(5, 120_000).generate("68", communes, 2018, 2021);
        expected = new ExpectedIndicators(data);
        dir = Files.createTempDirectory("ocs-it");
        GeoPackageWriter.write(data, 1, dir.resolve("v1.gpkg"));
        GeoPackageWriter.write(data, 2, dir.resolve("v2.gpkg"));
    }

    @Test
    @Order(1)
    void nomenclaturesAreVersionedData() throws Exception {
        JsonNode n = json.readTree(get("/ocs/api/nomenclatures").body());
        assertEquals("ocsge-v2", n.at("/nomenclatures/0/id").asText());
        assertEquals(23, n.at("/nomenclatures/0/cover").size());
        assertEquals(24, n.at("/nomenclatures/0/use").size());
        assertEquals("decret-2023-1096/v1", n.at("/matrices/0/id").asText());
        assertEquals(50.0, n.at("/matrices/0/rules/0/thresholdM2").asDouble());
    }

    @Test
    @Order(2)
    void importsBothVintagesAndRefusesATwiceImportedOne() throws Exception {
        HttpResponse<String> first = post("/ocs/api/imports?departement=68", dir.resolve("v1.gpkg"));
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(data.polygons().size(), json.readTree(first.body()).path("polygons").asInt());
        // without ?departement the plugin finds it from the polygons
        HttpResponse<String> second = post("/ocs/api/imports", dir.resolve("v2.gpkg"));
        assertEquals(201, second.statusCode(), second.body());
        assertEquals("68", json.readTree(second.body()).path("departement").asText());
        HttpResponse<String> again = post("/ocs/api/imports?departement=68", dir.resolve("v2.gpkg"));
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("already imported"), again.body());
        JsonNode imports = json.readTree(get("/ocs/api/imports").body());
        assertTrue(imports.size() >= 2);
        assertEquals("done", imports.get(imports.size() - 1).path("status").asText());
        assertEquals(1.0, imports.get(imports.size() - 1).path("progress").asDouble());
    }

    @Test
    @Order(3)
    void communeAndEpciIndicatorsAreTheExpectedOnes() throws Exception {
        for (String commune : expected.communes().keySet()) {
            check(expected.commune(commune), "/ocs/api/territories/commune/" + commune + "/indicators");
        }
        check(expected.sum(expected.communes().keySet()), "/ocs/api/territories/epci/" + EPCI
                + "/indicators?from=2018&to=2021");
    }

    @Test
    @Order(4)
    void departementWithPartialDataSaysSoAndCsvExports() throws Exception {
        JsonNode r = json.readTree(get("/ocs/api/territories/region/44/indicators").body());
        assertTrue(r.path("departementsWithoutData").size() == 9, r.toString());
        assertTrue(r.path("synthetic").asBoolean());
        HttpResponse<String> csv = get("/ocs/api/territories/epci/" + EPCI + "/indicators?format=csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("territoire,indicateur,"), csv.body());
        assertTrue(csv.body().contains("epci:" + EPCI + ",surface_artificialisee,"), csv.body());
        HttpResponse<String> polygons = get("/ocs/api/territories/epci/" + EPCI + "/polygons.geojson?year=2018");
        assertEquals(200, polygons.statusCode(), polygons.body());
        Path file = dir.resolve("polygons.geojson");
        Files.writeString(file, polygons.body());
        Process ogr = new ProcessBuilder("ogrinfo", "-ro", "-al", "-so", file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(ogr.getInputStream().readAllBytes());
        assertEquals(0, ogr.waitFor(), out);
        assertTrue(out.contains("Feature Count: " + data.polygons().size()), out);
        assertEquals(400, get("/ocs/api/territories/departement/68/polygons.geojson").statusCode());
    }

    @Test
    @Order(5)
    void badInputIsAClearClientError() throws Exception {
        Path notGpkg = dir.resolve("notes.txt");
        Files.writeString(notGpkg, "pas un GeoPackage");
        HttpResponse<String> r = post("/ocs/api/imports?departement=68", notGpkg);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
        assertFalse(r.body().contains("Exception"), r.body());
        assertEquals(404, get("/ocs/api/territories/commune/99999/indicators").statusCode());
        assertEquals(404, get("/ocs/api/territories/planet/1/indicators").statusCode());
        assertEquals(404, get("/ocs/api/territories/departement/88/indicators").statusCode());
        assertEquals(400, get("/ocs/api/territories/epci/" + EPCI + "/indicators?from=2021&to=2018").statusCode());
    }

    @Test
    @Order(6)
    void territoryPageShowsChartsAndMap() throws Exception {
        HttpResponse<String> page = get("/ocs/territoire/epci/" + EPCI);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("lang=\"fr\""));
        assertTrue(page.body().contains("Données synthétiques"));
        assertTrue(page.body().contains("Trajectoire ZAN"));
        assertTrue(page.body().contains("class=\"map\""));
        assertFalse(page.body().contains("http://") && page.body().contains("<script src=\"http"));
        assertEquals(200, get("/ocs").statusCode());
        assertEquals(200, get("/ocs/static/ocs.css").statusCode());
    }

    @Test
    @Order(7)
    void anomaliesAreReportedInBulkAndFollowTheWorkflow() throws Exception {
        String a = data.polygons().get(0).id();
        String b = data.polygons().get(1).id();
        String geojson = "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"ID\":\"" + a + "\",\"MILLESIME\":2021,"
                + "\"CODE_CS_PROPOSE\":\"CS1.1.1.1\",\"commentaire\":\"bâtiment neuf\"}},"
                + "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"ID\":\"" + b + "\",\"MILLESIME\":2021,"
                + "\"CODE_US_PROPOSE\":\"US5\"}}]}";
        HttpResponse<String> created = postJson("/ocs/api/anomalies", geojson, "application/geo+json");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode ids = json.readTree(created.body()).path("ids");
        assertEquals(2, ids.size());
        // one bad line: nothing recorded
        HttpResponse<String> bad = postJson("/ocs/api/anomalies", "[{\"polygonId\":\"" + a + "\",\"millesime\":2021,"
                + "\"comment\":\"ok\"},{\"polygonId\":\"NOPE\",\"millesime\":2021,\"comment\":\"x\"},"
                + "{\"polygonId\":\"" + b + "\",\"millesime\":2021,\"proposedCs\":\"CS9\"}]", "application/json");
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("NOPE") && bad.body().contains("CS9"), bad.body());
        assertEquals(2, json.readTree(get("/ocs/api/anomalies").body()).size());
        HttpResponse<String> csv = postJson("/ocs/api/anomalies", "ID,millesime,code_cs_propose,commentaire\n"
                + data.polygons().get(2).id() + ",2018,CS2.2.1,\"prairie, pas culture\"\n", "text/csv");
        assertEquals(201, csv.statusCode(), csv.body());

        long id = ids.get(0).asLong();
        assertEquals(409, postJson("/ocs/api/anomalies/" + id + "/status", "{\"status\":\"exported\"}",
                "application/json").statusCode());
        assertEquals(200, postJson("/ocs/api/anomalies/" + id + "/status", "{\"status\":\"acknowledged\"}",
                "application/json").statusCode());
        HttpResponse<String> accepted = postJson("/ocs/api/anomalies/" + id + "/status",
                "{\"status\":\"accepted\",\"note\":\"vu sur l'orthophoto\"}", "application/json");
        assertEquals(200, accepted.statusCode(), accepted.body());
        JsonNode report = json.readTree(accepted.body());
        assertEquals("accepted", report.path("status").asText());
        assertEquals(3, report.path("history").size());
        assertEquals(data.polygons().get(0).cs2(), report.path("currentCs").asText());
        assertEquals("anonymous", report.path("reporter").asText());

        HttpResponse<String> export = get("/ocs/api/anomalies/export?status=accepted");
        assertEquals(200, export.statusCode());
        Path file = dir.resolve("anomalies.geojson");
        Files.writeString(file, export.body());
        Process ogr = new ProcessBuilder("ogrinfo", "-ro", "-al", "-so", file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(ogr.getInputStream().readAllBytes());
        assertEquals(0, ogr.waitFor(), out);
        assertTrue(out.contains("Feature Count: 1"), out);
        assertTrue(out.contains("Multi Polygon"), out);
        assertTrue(get("/ocs/api/anomalies/export?format=csv").body().contains("prairie, pas culture"));
    }

    @Test
    @Order(8)
    void aVintageIsDeletedFromThePageOrTheApiAndImportedAgain() throws Exception {
        String page = get("/ocs").body();
        assertTrue(page.contains("class=\"delete-vintage\" data-departement=\"68\" data-millesime=\"2021\""), page);
        HttpResponse<String> script = get("/ocs/static/ocs-admin.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("window.confirm(") && script.body().contains("X-CSRF-Token"));
        assertEquals(400, delete("/ocs/api/vintages/68/20x1").statusCode());
        assertEquals(404, delete("/ocs/api/vintages/68/2019").statusCode());
        HttpResponse<String> deleted = delete("/ocs/api/vintages/68/2021");
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(2018, json.readTree(deleted.body()).at("/remainingVintages/0").asInt());
        JsonNode vintages = json.readTree(get("/ocs/api/vintages").body());
        assertEquals(1, vintages.size(), vintages.toString());
        JsonNode only2018 = json.readTree(get("/ocs/api/territories/epci/" + EPCI + "/indicators").body());
        assertEquals(0.0, only2018.at("/flows/artificialisation").asDouble());
        assertEquals(404, delete("/ocs/api/vintages/68/2021").statusCode());
        HttpResponse<String> again = post("/ocs/api/imports?departement=68", dir.resolve("v2.gpkg"));
        assertEquals(201, again.statusCode(), again.body());
        check(expected.sum(expected.communes().keySet()), "/ocs/api/territories/epci/" + EPCI + "/indicators");
    }

    @Test
    @Order(9)
    void aDrawnAreaHasTheGeneratorsFiguresForThatArea() throws Exception {
        org.locationtech.jts.geom.Envelope e = data.communes().get(0).outline().getEnvelopeInternal();
        double x = e.centre().x;
        double y = e.centre().y;
        Geometry rectangle = new org.locationtech.jts.geom.GeometryFactory().toGeometry(
                new org.locationtech.jts.geom.Envelope(x - 2000, x + 2000, y - 1000, y + 1000));
        String body = String.format(java.util.Locale.ROOT, "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                + "{\"type\":\"Polygon\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:2154\"}},"
                + "\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}}", x - 2000, y - 1000, x + 2000,
                y - 1000, x + 2000, y + 1000, x - 2000, y + 1000, x - 2000, y - 1000);
        HttpResponse<String> response = postJson("/ocs/api/indicators", body, "application/geo+json");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode r = json.readTree(response.body());
        ExpectedIndicators.Figures f = ExpectedIndicators.within(data, rectangle);
        close(f.totalArea, r.path("area").asDouble(), "drawn area");
        close(f.artificialised2, r.at("/artificialised/to/area").asDouble(), "drawn artificialised");
        close(f.artificialisation, r.at("/flows/artificialisation").asDouble(), "drawn artificialisation");
        close(f.enafConsumption, r.at("/enaf/consumption").asDouble(), "drawn ENAF");
        close(8_000_000, r.path("drawnArea").asDouble(), "drawn area");
        HttpResponse<String> csv = postJson("/ocs/api/indicators?format=csv", body, "application/geo+json");
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.body().contains("drawn:zone,surface_couverture,"), csv.body());
        HttpResponse<String> bowTie = postJson("/ocs/api/indicators", "{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[7.30,47.90],[7.32,47.92],[7.32,47.90],[7.30,47.92],[7.30,47.90]]]}", "application/geo+json");
        assertEquals(422, bowTie.statusCode(), bowTie.body());
        assertTrue(bowTie.body().contains("not a valid polygon"), bowTie.body());
        assertEquals(400, postJson("/ocs/api/indicators", "", "application/json").statusCode());
    }

    @Test
    @Order(10)
    void ceremaFiguresReplaceTheOcsEstimateOfTheirCommune() throws Exception {
        String commune = expected.communes().keySet().iterator().next();
        HttpResponse<String> imported = postJson("/ocs/api/fichiers-fonciers?name=cerema.csv",
                "idcom;idcomtxt;naf11art12;naf12art13\n" + commune + ";x;1000;2500\n75056;Paris;9;9\n", "text/csv");
        assertEquals(201, imported.statusCode(), imported.body());
        assertEquals(1, json.readTree(imported.body()).path("otherCommunesSkipped").asInt());
        JsonNode zan = json.readTree(get("/ocs/api/territories/commune/" + commune + "/indicators").body())
                .path("zan");
        assertEquals(3500.0, zan.path("reference2011to2021").asDouble(), 1e-6);
        assertEquals(10_000.0, zan.path("allowance2021to2031").asDouble(), 1e-6);
        assertEquals(1, zan.at("/referenceSources/fichiersFonciers").asInt());
        assertEquals(1, json.readTree(get("/ocs/api/fichiers-fonciers").body()).size());
        String page = get("/ocs/territoire/commune/" + commune).body();
        assertTrue(page.contains("Consommation d'ENAF par année (fichiers fonciers du Cerema)")
                && page.contains("id=\"graphique-cerema\"") && page.contains("<tr><td>2011</td>")
                && page.contains("<tr><td>2012</td>") && page.contains("Consommation 2011–2021 (fichiers fonciers du Cerema)"),
                page);
        String epciPage = get("/ocs/territoire/epci/" + EPCI).body();
        assertTrue(epciPage.contains((expected.communes().size() - 1) + " commune(s) sans donnée"), epciPage);
        assertTrue(epciPage.contains("fichiers fonciers du Cerema pour 1 commune(s), estimée par l'OCS GE pour "
                + (expected.communes().size() - 1)), epciPage);
        String other = expected.communes().keySet().stream().skip(1).findFirst().orElseThrow();
        String otherPage = get("/ocs/territoire/commune/" + other).body();
        assertTrue(otherPage.contains("Aucune donnée des fichiers fonciers du Cerema n'est importée")
                && otherPage.contains("Consommation 2011–2021 (estimée par l'OCS GE)"), otherPage);
        HttpResponse<String> bad = postJson("/ocs/api/fichiers-fonciers", "idcom;naf11art12\n" + commune + ";-1\n",
                "text/csv");
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("line 2"), bad.body());
    }

    @Test
    @Order(11)
    void aUserDrawsAnAreaOnTheMapAndReadsItsIndicatorsOrAFrenchRefusal() throws Exception {
        Path screenshots = Path.of(context.getProperty("dge.data")).resolveSibling("screenshots");
        try (Chromium browser = new Chromium(screenshots)) {
            // a browser cannot open an IPv6 endpoint with a zone id: the same port on localhost
            String page = base.replaceFirst("^(https?)://.*:(\\d+)$", "$1://localhost:$2");
            browser.open(page + "/ocs/dessin?niveau=epci&code=" + EPCI);
            browser.waitFor("document.querySelectorAll('#carte-dessin path').length === " + data.communes().size(),
                    "the EPCI's communes are drawn");
            // four clicks around the centre of the first commune, placed on the screen from Lambert-93
            org.locationtech.jts.geom.Coordinate c = data.communes().get(0).outline().getInteriorPoint().getCoordinate();
            browser.eval("document.getElementById('carte-dessin').scrollIntoView({block: 'center'})");
            double[][] corners = {{-1500, -800}, {1500, -800}, {1500, 800}, {-1500, 800}};
            for (double[] d : corners) {
                JsonNode p = browser.eval(String.format(java.util.Locale.ROOT, "(function () {"
                        + " var m = document.getElementById('carte-dessin'); var s = parseFloat(m.dataset.scale);"
                        + " var pt = m.createSVGPoint(); pt.x = (%f - parseFloat(m.dataset.minx)) * s + 1;"
                        + " pt.y = (parseFloat(m.dataset.maxy) - %f) * s + 1; var q = pt.matrixTransform(m.getScreenCTM());"
                        + " return {x: q.x, y: q.y}; })()", c.x + d[0], c.y + d[1]));
                browser.clickAt(p.get("x").asDouble(), p.get("y").asDouble());
            }
            assertEquals("4 sommets placés.", browser.text("#sommets"));
            assertEquals(1, browser.eval("document.querySelectorAll('#carte-dessin g.zone polygon').length").asInt());
            browser.screenshot(screenshots.resolve("ocs-zone-tracee.png"));
            browser.click("#calculer");
            browser.waitFor("!document.getElementById('resultats').hidden && document.getElementById('artificialise')",
                    "the indicators of the drawn area are shown");
            // the polygon the page sent is in the text field: the generator knows its figures
            JsonNode sent = json.readTree(browser.eval("document.getElementById('texte-geojson').value").asText());
            assertEquals("urn:ogc:def:crs:EPSG::2154", sent.at("/geometry/crs/properties/name").asText());
            JsonNode ring = sent.at("/geometry/coordinates/0");
            org.locationtech.jts.geom.Coordinate[] cs = new org.locationtech.jts.geom.Coordinate[ring.size()];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = new org.locationtech.jts.geom.Coordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
            }
            Geometry drawn = new org.locationtech.jts.geom.GeometryFactory().createPolygon(cs);
            assertEquals(3000 * 1600, drawn.getArea(), 3000 * 1600 * 0.05, "the clicks are where they were meant");
            ExpectedIndicators.Figures f = ExpectedIndicators.within(data, drawn);
            close(drawn.getArea(), m2(browser, "surface-dessinee"), "page: drawn area");
            close(f.totalArea, m2(browser, "surface-couverte"), "page: covered area");
            close(f.artificialised2, m2(browser, "artificialise"), "page: artificialised");
            close(f.artificialisation, m2(browser, "artificialisation"), "page: artificialisation");
            close(f.enafConsumption, m2(browser, "enaf"), "page: ENAF");
            String shown = browser.text("#resultats");
            assertTrue(shown.contains("Données synthétiques") && shown.contains("Surfaces par classe de couverture")
                    && shown.contains("68 : 2018 → 2021"), shown);
            // the Cerema figures imported before are per commune: the page says why they are not used here
            assertTrue(browser.text("#note-cerema").contains("ne sont pas répartis dans une zone dessinée"), shown);
            browser.screenshot(screenshots.resolve("ocs-zone-dessinee.png"));

            browser.type("#texte-geojson", "{\"type\":\"Polygon\",\"coordinates\":[[[7.30,47.90],[7.32,47.92],"
                    + "[7.32,47.90],[7.30,47.92],[7.30,47.90]]]}");
            browser.click("#calculer-geojson");
            browser.waitFor("!document.getElementById('erreur').hidden", "the refusal is shown");
            String error = browser.text("#erreur");
            assertTrue(error.contains("Le contour de la zone se recoupe"), error);
            assertTrue(browser.eval("document.getElementById('resultats').hidden").asBoolean(), "no stale figures");
            browser.screenshot(screenshots.resolve("ocs-zone-refusee.png"));
            browser.type("#texte-geojson", "{\"type\": \"Polygon\", ");
            browser.click("#calculer-geojson");
            browser.waitFor("document.getElementById('erreur').innerText.indexOf('pas du JSON valide') >= 0",
                    "a text that is not JSON is refused before sending");
            assertEquals(List.of(), browser.problems());
        }
    }

    @Test
    @Order(12)
    void aPartnerSelectsPolygonsOnTheMapAndReportsThemInBulk() throws Exception {
        String commune = data.communes().get(0).code();
        JsonNode polygons = json.readTree(get("/ocs/api/territories/commune/" + commune + "/polygons.geojson").body());
        int before = json.readTree(get("/ocs/api/anomalies").body()).size();
        Path screenshots = Path.of(context.getProperty("dge.data")).resolveSibling("screenshots");
        try (Chromium browser = new Chromium(screenshots)) {
            String page = base.replaceFirst("^(https?)://.*:(\\d+)$", "$1://localhost:$2");
            browser.open(page + "/ocs/anomalies?niveau=commune&code=" + commune);
            browser.waitFor("document.querySelectorAll('#carte-polygones path[data-id]').length === "
                    + polygons.path("features").size(), "the commune's polygons are drawn");
            browser.waitFor("document.querySelectorAll('#signalements tbody tr[data-id]').length === " + before,
                    "the reports are listed");
            browser.eval("document.getElementById('carte-polygones').scrollIntoView({block: 'center'})");
            List<String> clicked = new ArrayList<>();
            for (int i : new int[] {0, polygons.path("features").size() / 2}) {
                String id = polygons.at("/features/" + i + "/properties/ID").asText();
                // a point of the screen where this polygon, and not another, is under the mouse
                JsonNode p = browser.eval("(function () { var e = document.querySelector('#carte-polygones path[data-id=\"" + id
                        + "\"]'); var r = e.getBoundingClientRect(); for (var k = 1; k < 20; k++) { for (var j = 1; j < 20; j++) {"
                        + " var x = r.left + r.width * k / 20, y = r.top + r.height * j / 20;"
                        + " var hit = document.elementFromPoint(x, y); if (hit === e || hit && hit.parentNode === e) {"
                        + " return {x: x, y: y}; } } } return null; })()");
                assertFalse(p.isNull(), "polygon " + id + " can be clicked");
                browser.clickAt(p.get("x").asDouble(), p.get("y").asDouble());
                clicked.add(id);
            }
            assertEquals("2 polygones sélectionnés.", browser.text("#nombre-choisis"));
            // then a drawn area around the middle of the map adds the polygons whose centre lies in it
            browser.click("#mode-zone");
            JsonNode box = browser.eval("(function () { var r = document.getElementById('carte-polygones')"
                    + ".getBoundingClientRect(); return {l: r.left, t: r.top, w: r.width, h: r.height}; })()");
            double l = box.get("l").asDouble();
            double t = box.get("t").asDouble();
            double w = box.get("w").asDouble();
            double h = box.get("h").asDouble();
            for (double[] c : new double[][] {{0.35, 0.35}, {0.65, 0.35}, {0.65, 0.65}, {0.35, 0.65}}) {
                browser.clickAt(l + w * c[0], t + h * c[1]);
            }
            browser.click("#appliquer-zone");
            int selected = browser.eval("document.querySelectorAll('#carte-polygones path.choisi').length").asInt();
            assertTrue(selected > 2, "the drawn area selects polygons: " + selected);
            browser.screenshot(screenshots.resolve("ocs-anomalies-selection.png"));
            browser.click("#mode-zone");

            browser.click("#envoyer");
            browser.waitFor("!document.getElementById('erreur').hidden", "a report without a proposal is refused");
            assertTrue(browser.text("#erreur").contains("Proposez une classe"), browser.text("#erreur"));

            browser.eval("document.getElementById('cs-propose').value = 'CS1.1.1.1'");
            browser.type("#commentaire", "bâtiments neufs sur l'orthophoto");
            browser.click("#envoyer");
            browser.waitFor("!document.getElementById('confirmation').hidden", "the reports are recorded");
            assertTrue(browser.text("#confirmation").startsWith(selected + " signalements enregistrés"),
                    browser.text("#confirmation"));
            browser.waitFor("document.querySelectorAll('#signalements tbody tr[data-id]').length === " + (before + selected),
                    "the list shows the new reports");
            assertEquals("Aucun polygone sélectionné.", browser.text("#nombre-choisis"));
            browser.screenshot(screenshots.resolve("ocs-anomalies.png"));

            JsonNode reports = json.readTree(get("/ocs/api/anomalies?status=new").body());
            List<String> reported = new ArrayList<>();
            for (JsonNode r : reports) {
                if ("bâtiments neufs sur l'orthophoto".equals(r.path("comment").asText())) {
                    reported.add(r.path("polygonId").asText());
                    assertEquals("CS1.1.1.1", r.path("proposedCs").asText());
                    assertEquals(2021, r.path("millesime").asInt());
                    assertEquals("68", r.path("departement").asText());
                }
            }
            assertEquals(selected, reported.size(), reported.toString());
            assertTrue(reported.containsAll(clicked), reported + " " + clicked);

            browser.eval("(function () { var s = document.getElementById('filtre-statut'); s.value = 'accepted';"
                    + " s.dispatchEvent(new Event('change')); })()");
            browser.waitFor("document.getElementById('export-csv').getAttribute('href') ==="
                    + " '/ocs/api/anomalies/export?status=accepted&format=csv'", "the exports follow the filter");
            browser.waitFor("document.querySelectorAll('#signalements tbody tr[data-id]').length === "
                    + json.readTree(get("/ocs/api/anomalies?status=accepted").body()).size(), "the accepted reports only");

            // the team moves a new report on from the list (no security here: everyone may)
            browser.eval("(function () { var s = document.getElementById('filtre-statut'); s.value = 'new';"
                    + " s.dispatchEvent(new Event('change')); })()");
            browser.waitFor("document.querySelector('#signalements tbody tr[data-id] button[data-statut=acknowledged]')",
                    "the new reports offer the next steps");
            long first = browser.eval("document.querySelector('#signalements tbody tr[data-id]').getAttribute('data-id')")
                    .asLong();
            assertEquals("Prendre en compte Rejeter", browser.text("#signalements tbody tr[data-id='" + first + "'] td:last-child")
                    .strip());
            browser.click("#signalements tbody tr[data-id='" + first + "'] button[data-statut=acknowledged]");
            browser.waitFor("document.getElementById('etat-suivi').innerText.indexOf('pris en compte') >= 0",
                    "the step is done");
            browser.waitFor("!document.querySelector(\"#signalements tbody tr[data-id='" + first + "']\")",
                    "the report leaves the list of new ones");
            browser.screenshot(screenshots.resolve("ocs-anomalies-suivi.png"));

            // a list made in a GIS, sent as a file: one bad line and nothing is recorded, then the good list
            int listed = json.readTree(get("/ocs/api/anomalies").body()).size();
            Path bad = dir.resolve("liste-fausse.csv");
            Files.writeString(bad, "ID,millesime,code_cs_propose,commentaire\n" + data.polygons().get(3).id()
                    + ",2021,CS2.2.1,prairie\nINCONNU,2021,CS2.2.1,prairie\n");
            browser.chooseFile("#fichier-liste", bad);
            browser.click("#envoyer-liste");
            browser.waitFor("!document.getElementById('erreur-liste').hidden", "the bad list is refused");
            String refusal = browser.text("#erreur-liste");
            assertTrue(refusal.contains("Aucun signalement n'a été enregistré") && refusal.contains("INCONNU"), refusal);
            assertEquals(listed, json.readTree(get("/ocs/api/anomalies").body()).size(), "nothing recorded");
            Path good = dir.resolve("liste.csv");
            Files.writeString(good, "ID,millesime,code_cs_propose,commentaire\n" + data.polygons().get(3).id()
                    + ",2021,CS2.2.1,prairie\n" + data.polygons().get(4).id() + ",2021,,haie arrachée\n");
            browser.chooseFile("#fichier-liste", good);
            browser.click("#envoyer-liste");
            browser.waitFor("!document.getElementById('confirmation-liste').hidden", "the list is recorded");
            assertEquals("2 signalements enregistrés depuis liste.csv.", browser.text("#confirmation-liste"));
            assertTrue(browser.eval("document.getElementById('erreur-liste').hidden").asBoolean());
            assertEquals(listed + 2, json.readTree(get("/ocs/api/anomalies").body()).size());
            JsonNode report = json.readTree(get("/ocs/api/anomalies/" + first).body());
            assertEquals("acknowledged", report.path("status").asText());
            assertEquals(2, report.path("history").size());
            assertEquals(List.of(), browser.problems());
        }
    }

    @Test
    @Order(13)
    void theTriennialReportDraftIsAnOdtWithTheTerritorysFigures() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/ocs/api/territories/epci/"
                + EPCI + "/rapport-triennal.odt")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/vnd.oasis.opendocument.text", response.headers().firstValue("Content-Type").orElse(""));
        java.util.Map<String, String> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(response.body()))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        // ODF: the mimetype entry first, then a well-formed content
        assertEquals("mimetype", entries.keySet().iterator().next());
        assertEquals("application/vnd.oasis.opendocument.text", entries.get("mimetype"));
        assertTrue(entries.containsKey("META-INF/manifest.xml") && entries.containsKey("styles.xml"));
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        String text = f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(
                entries.get("content.xml")))).getDocumentElement().getTextContent();
        JsonNode r = json.readTree(get("/ocs/api/territories/epci/" + EPCI + "/indicators").body());
        for (String figure : List.of("/zan/allowance2021to2031", "/flows/net", "/impervious/to/area", "/enaf/consumption")) {
            String ha = String.format(java.util.Locale.FRANCE, "%,.1f ha", r.at(figure).asDouble() / 10_000)
                    .replace('\u202f', ' ').replace('\u00a0', ' ');
            assertTrue(text.contains(ha), figure + " " + ha + " in " + text);
        }
        assertTrue(text.contains("L. 2231-1") && text.contains("DONNÉES SYNTHÉTIQUES")
                && text.contains("millésimes 2018 et 2021") && text.contains("decret-2023-1096/v1"), text);
        assertTrue(text.contains("Consommation annuelle par destination"), "the Cerema figures imported before: " + text);
        // the PDF comes from the same blocks (its text is checked by FichiersFonciersTest): here, that the
        // bundle's embedded PDFBox works in the framework
        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(base + "/ocs/api/territories/epci/"
                + EPCI + "/rapport-triennal.pdf")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode(), new String(pdf.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        String raw = new String(pdf.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(raw.startsWith("%PDF-") && raw.stripTrailing().endsWith("%%EOF"), raw.substring(0, 40));
        assertEquals(400, get("/ocs/api/territories/departement/68/rapport-triennal.odt").statusCode());
        assertEquals(404, get("/ocs/api/territories/epci/" + EPCI + "/rapport-triennal.doc").statusCode());
        assertEquals(404, get("/ocs/api/territories/commune/99999/rapport-triennal.odt").statusCode());
    }

    private static double m2(Chromium browser, String id) throws Exception {
        return Double.parseDouble(browser.eval("document.getElementById('" + id + "').dataset.m2").asText());
    }

    private void check(ExpectedIndicators.Figures e, String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + " " + response.body());
        JsonNode r = json.readTree(response.body());
        close(e.totalArea, r.path("area").asDouble(), path + " area");
        close(e.artificialised1, r.at("/artificialised/from/area").asDouble(), path + " artificialised 2018");
        close(e.artificialised2, r.at("/artificialised/to/area").asDouble(), path + " artificialised 2021");
        close(e.impervious2, r.at("/impervious/to/area").asDouble(), path + " impervious");
        close(e.artificialisation, r.at("/flows/artificialisation").asDouble(), path + " artificialisation");
        close(e.deArtificialisation, r.at("/flows/deArtificialisation").asDouble(), path + " de-artificialisation");
        close(e.enafConsumption, r.at("/enaf/consumption").asDouble(), path + " ENAF");
        close(e.zanAllowance, r.at("/zan/allowance2021to2031").asDouble(), path + " ZAN allowance");
        for (JsonNode c : r.path("cover")) {
            close(e.coverArea2.getOrDefault(c.path("code").asText(), 0.0), c.path("areaTo").asDouble(), path + c);
        }
        assertEquals("decret-2023-1096/v1", r.path("matrix").asText());
        assertEquals(2018, r.at("/sources/0/from").asInt());
        assertEquals(2021, r.at("/sources/0/to").asInt());
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.max(Math.abs(expected) * 1e-6, 1e-6), what);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, String body, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Path file) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/geopackage+sqlite3")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
