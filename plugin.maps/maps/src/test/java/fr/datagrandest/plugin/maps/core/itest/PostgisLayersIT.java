package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.postgresql.ds.PGSimpleDataSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Layers read live from PostGIS tables and views, on the platform running on PostgreSQL (the database the test
 * run provides: DGE_TEST_POSTGRES_URL, _USER, _PASSWORD). Runs in its own framework ({@code itest-postgis.bndrun}).
 */
@ExtendWith(BundleContextExtension.class)
@EnabledIfSystemProperty(named = "dge.test.postgresql", matches = "true",
        disabledReason = "runs in the PostgreSQL framework (itest-postgis.bndrun) only")
class PostgisLayersIT {

    @InjectBundleContext
    static BundleContext context;
    static MapsPlatform platform;
    static PGSimpleDataSource database;

    @BeforeAll
    static void onPostgresql() throws Exception {
        String url = System.getenv("DGE_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            fail("DGE_TEST_POSTGRES_URL is not set: run the tests through ./dge test, which starts a PostgreSQL");
        }
        database = new PGSimpleDataSource();
        database.setURL(url);
        database.setUser(System.getenv("DGE_TEST_POSTGRES_USER"));
        database.setPassword(System.getenv("DGE_TEST_POSTGRES_PASSWORD"));
        // Places in Lambert-93 (a table with a primary key), zones in WGS 84, a view without a key, no geometry.
        sql("CREATE EXTENSION IF NOT EXISTS postgis",
                "DROP SCHEMA IF EXISTS territoire CASCADE",
                "CREATE SCHEMA territoire",
                "CREATE TABLE territoire.villes (gid SERIAL PRIMARY KEY, nom TEXT NOT NULL, population INTEGER,"
                        + " surface NUMERIC(8,2), geom geometry(Point, 2154))",
                "INSERT INTO territoire.villes (nom, population, surface, geom) SELECT nom, pop, surf,"
                        + " ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 2154) FROM (VALUES"
                        + " ('Strasbourg', 291313, 78.26, 7.7521, 48.5734), ('Metz', 120874, 41.94, 6.1757, 49.1193),"
                        + " ('Nancy', 104403, 15.01, 6.1844, 48.6921), ('Reims', 178478, 46.9, 4.0317, 49.2583),"
                        + " ('Colmar', 67730, 66.57, 7.3585, 48.0794)) AS v(nom, pop, surf, lon, lat)",
                "CREATE INDEX villes_geom ON territoire.villes USING gist (geom)",
                "CREATE TABLE territoire.zones (id INTEGER PRIMARY KEY, nom TEXT, geom geometry(MultiPolygon, 4326))",
                "INSERT INTO territoire.zones VALUES (1, 'Eurométropole', ST_Multi(ST_MakeEnvelope(7.6, 48.45, 7.9, 48.7, 4326)))",
                "CREATE VIEW territoire.grandes_villes AS SELECT gid AS ident, nom, geom FROM territoire.villes"
                        + " WHERE population > 110000",
                "CREATE TABLE territoire.sans_geometrie (id INTEGER PRIMARY KEY, nom TEXT)");
        ConfigurationAdmin admin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        admin.getConfiguration("fr.datagrandest.platform.storage", "?").update(new Hashtable<>(Map.of("url", url,
                "user", System.getenv("DGE_TEST_POSTGRES_USER"), "password",
                System.getenv("DGE_TEST_POSTGRES_PASSWORD"))));
        long deadline = System.currentTimeMillis() + 120_000;
        while (context.getServiceReferences(javax.sql.DataSource.class,
                "(&(dge.storage.schema=maps)(dge.storage.dialect=postgresql))").isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                fail("the platform did not move to PostgreSQL within 120 s");
            }
            Thread.sleep(200);
        }
        platform = new MapsPlatform(context);
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Publishes a table as the administrator; the response. */
    private static HttpResponse<String> publish(String query, String authorization) throws Exception {
        return platform.send("POST", "/maps/api/layers?" + query, null, authorization);
    }

    private static String admin() throws Exception {
        // The password file is written again when the first administrator is created in the new database.
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            String credentials = platform.admin();
            if (platform.send("GET", "/api/auth/me", null, credentials).statusCode() == 200
                    || System.currentTimeMillis() > deadline) {
                return credentials;
            }
            Thread.sleep(200);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aTableIsServedLiveThroughEveryService() throws Exception {
        platform.send("DELETE", "/maps/api/layers/villes", null, admin());
        HttpResponse<String> r = publish("id=villes&title=" + enc("Grandes villes") + "&postgis=territoire.villes"
                + "&style=" + enc("{\"fill\":\"#ff0000\",\"stroke\":\"#ff0000\",\"pointSize\":12}"), admin());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode layer = MapsPlatform.JSON.readTree(r.body());
        assertEquals("EPSG:2154", layer.get("sourceCrs").asText());
        assertEquals("PostGIS", layer.get("sourceFormat").asText());
        assertEquals("point", layer.get("geometryType").asText());
        assertEquals(5, layer.get("featureCount").asInt());
        assertEquals(7.7521, layer.get("extent").get(2).asDouble(), 1e-4, layer.toString());
        assertTrue(layer.get("properties").toString().contains("population"), layer.toString());
        assertTrue(!layer.get("properties").toString().contains("geom"), layer.toString());

        // OGC API Features: reprojected by PostGIS, bbox in SQL, paging, feature by its primary key
        JsonNode strasbourg = platform.json("/maps/ogcapi/collections/villes/items?bbox=7.7,48.5,7.8,48.6");
        assertEquals(1, strasbourg.get("numberMatched").asInt(), strasbourg.toString());
        JsonNode f = strasbourg.get("features").get(0);
        assertEquals("Strasbourg", f.get("properties").get("nom").asText());
        assertEquals(291313, f.get("properties").get("population").asInt());
        assertEquals(7.7521, f.get("geometry").get("coordinates").get(0).asDouble(), 1e-5);
        assertEquals(48.5734, f.get("geometry").get("coordinates").get(1).asDouble(), 1e-5);
        int gid = f.get("id").asInt();
        JsonNode one = platform.json("/maps/ogcapi/collections/villes/items/" + gid + "?crs="
                + enc("http://www.opengis.net/def/crs/EPSG/0/2154"));
        assertEquals(1050000, one.get("geometry").get("coordinates").get(0).asDouble(), 2000, one.toString());
        JsonNode page = platform.json("/maps/ogcapi/collections/villes/items?limit=2&offset=2");
        assertEquals(5, page.get("numberMatched").asInt());
        assertEquals(2, page.get("numberReturned").asInt());
        assertEquals(404, platform.get("/maps/ogcapi/collections/villes/items/999999").statusCode());

        // Live: a row added to the table is served at once, nothing was copied.
        sql("INSERT INTO territoire.villes (nom, population, geom) VALUES ('Mulhouse', 105735,"
                + " ST_Transform(ST_SetSRID(ST_MakePoint(7.3389, 47.7508), 4326), 2154))");
        JsonNode mulhouse = platform.json("/maps/ogcapi/collections/villes/items?bbox=7.3,47.7,7.4,47.8");
        assertEquals("Mulhouse", mulhouse.get("features").get(0).get("properties").get("nom").asText());

        // WMS: the red disc of Strasbourg; GetFeatureInfo
        BufferedImage image = platform.image("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=villes&STYLES="
                + "&CRS=CRS:84&BBOX=7.70,48.53,7.80,48.61&WIDTH=100&HEIGHT=80&FORMAT=image/png&TRANSPARENT=TRUE");
        int centre = image.getRGB((int) Math.round((7.7521 - 7.70) / 0.10 * 100), (int) Math.round((48.61 - 48.5734) / 0.08 * 80));
        assertEquals(0xff0000, centre & 0xffffff, Integer.toHexString(centre));
        String info = platform.get("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=villes&QUERY_LAYERS=villes"
                + "&STYLES=&CRS=CRS:84&BBOX=7.70,48.53,7.80,48.61&WIDTH=100&HEIGHT=80&I=52&J=37&INFO_FORMAT=application/json").body();
        assertTrue(info.contains("Strasbourg"), info);

        // Vector tile and WFS
        String tile = MapsPlatform.run("ogrinfo", "-ro", "-al", "MVT:" + platform.base + "/maps/tiles/villes/8/133/88.mvt");
        assertTrue(tile.contains("Strasbourg"), tile);
        String wfs = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:villes"
                + "&OUTPUTFORMAT=application/json&BBOX=48.0,7.3,48.1,7.4").body();
        assertTrue(wfs.contains("Colmar") && !wfs.contains("Strasbourg"), wfs);
        // An FES filter on the table's columns, counted against the table itself
        long big;
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM territoire.villes WHERE population > 150000")) {
            rs.next();
            big = rs.getLong(1);
        }
        String filtered = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:villes"
                + "&OUTPUTFORMAT=application/json&FILTER=" + enc("<fes:Filter xmlns:fes=\"http://www.opengis.net/fes/2.0\">"
                + "<fes:PropertyIsGreaterThan><fes:ValueReference>population</fes:ValueReference><fes:Literal>150000"
                + "</fes:Literal></fes:PropertyIsGreaterThan></fes:Filter>")).body();
        assertEquals(big, MapsPlatform.JSON.readTree(filtered).get("numberMatched").asLong(), filtered);

        // GDAL's OGC API Features driver on the PostGIS layer: count and a spatial filter
        String gdal = MapsPlatform.run("ogrinfo", "-ro", "-so", "OAPIF:" + platform.base + "/maps/ogcapi", "villes");
        assertTrue(gdal.contains("Feature Count: 6"), gdal);
        String near = MapsPlatform.run("ogrinfo", "-ro", "-al", "-q", "-spat", "6.1", "49.0", "6.3", "49.2",
                "OAPIF:" + platform.base + "/maps/ogcapi", "villes");
        assertTrue(near.contains("nom (String) = Metz") && !near.contains("Nancy"), near);
        sql("DELETE FROM territoire.villes WHERE nom = 'Mulhouse'");
    }

    @Test
    void aViewIsServedWithTheGivenIdColumnAndPolygonsDraw() throws Exception {
        platform.send("DELETE", "/maps/api/layers/grandes-villes", null, admin());
        HttpResponse<String> noKey = publish("id=grandes-villes&title=x&postgis=territoire.grandes_villes", admin());
        assertEquals(400, noKey.statusCode(), noKey.body());
        assertTrue(noKey.body().contains("idColumn"), noKey.body());
        HttpResponse<String> r = publish("id=grandes-villes&title=" + enc("Villes de plus de 110 000 habitants")
                + "&postgis=territoire.grandes_villes&idColumn=ident", admin());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode items = platform.json("/maps/ogcapi/collections/grandes-villes/items");
        assertEquals(3, items.get("numberMatched").asInt(), items.toString());

        platform.send("DELETE", "/maps/api/layers/zones", null, admin());
        assertEquals(201, publish("id=zones&title=Zones&postgis=territoire.zones&style="
                + enc("{\"fill\":\"#0000ff\",\"fillOpacity\":1}"), admin()).statusCode());
        BufferedImage image = platform.image("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=zones&STYLES="
                + "&CRS=EPSG:3857&BBOX=850000,6190000,880000,6210000&WIDTH=60&HEIGHT=40&FORMAT=image/png");
        assertEquals(0x0000ff, image.getRGB(30, 20) & 0xffffff, Integer.toHexString(image.getRGB(30, 20)));
    }

    @Test
    void badTablesAndCallersAreRefusedAndNothingIsPublished() throws Exception {
        String admin = admin();
        HttpResponse<String> missing = publish("id=absente&title=x&postgis=territoire.absente", admin);
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("territoire.absente"), missing.body());
        HttpResponse<String> noGeometry = publish("id=absente&title=x&postgis=territoire.sans_geometrie", admin);
        assertEquals(400, noGeometry.statusCode(), noGeometry.body());
        assertTrue(noGeometry.body().contains("no geometry column"), noGeometry.body());
        HttpResponse<String> badColumn = publish("id=absente&title=x&postgis=territoire.villes&geometryColumn=nom", admin);
        assertEquals(400, badColumn.statusCode(), badColumn.body());
        HttpResponse<String> injection = publish("id=absente&title=x&postgis=" + enc("territoire.villes; DROP TABLE x"), admin);
        assertEquals(400, injection.statusCode(), injection.body());
        assertEquals(401, publish("id=absente&title=x&postgis=territoire.villes", null).statusCode());
        // An editor may publish files, not read any table of the database.
        String editor = "Basic " + java.util.Base64.getEncoder().encodeToString("carto:carto-password-42".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> account = platform.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(platform.base + "/api/admin/accounts")).header("Authorization", admin)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"carto\",\"password\":\"carto-password-42\",\"roles\":[\"editor\"],\"colleges\":[\"departements\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(account.statusCode() == 201 || account.statusCode() == 409, account.body());
        HttpResponse<String> byEditor = publish("id=absente&title=x&postgis=territoire.villes", editor);
        assertEquals(403, byEditor.statusCode(), byEditor.body());
        assertEquals(404, platform.get("/maps/api/layers/absente").statusCode());
    }
}
