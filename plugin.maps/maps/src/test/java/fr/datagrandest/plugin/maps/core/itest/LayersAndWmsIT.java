package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * plugin.maps in a real Felix with the kernel's storage (H2) and security: the demo layers, publishing and
 * refusing uploads, WMS images with real pixels in each coordinate system, feature info, legends and the
 * OGC exceptions for bad requests.
 */
@ExtendWith(BundleContextExtension.class)
class LayersAndWmsIT {

    /** The communes style colour #fdd49e at 60 % over white. */
    static final int[] COMMUNE_FILL = {254, 229, 197};
    /** A box inside Strasbourg (WGS 84). */
    static final double LON0 = 7.735, LAT0 = 48.575, LON1 = 7.765, LAT1 = 48.595;

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @Test
    void theDemoLayersArePublishedWithTheirMetadata() throws Exception {
        JsonNode layers = platform.json("/maps/api/layers");
        List<String> ids = new ArrayList<>();
        layers.forEach(l -> ids.add(l.get("id").asText()));
        assertTrue(ids.containsAll(List.of("communes", "epci", "departements")), ids.toString());
        JsonNode communes = platform.json("/maps/api/layers/communes");
        assertEquals(5115, communes.get("featureCount").asInt());
        assertEquals("polygon", communes.get("geometryType").asText());
        assertTrue(communes.get("licence").asText().contains("Etalab"));
        assertEquals(10, platform.json("/maps/api/layers/departements").get("legend").size());
    }

    @Test
    void getMapFillsStrasbourgWithTheCommuneColourInEverySystem() throws Exception {
        // EPSG:4326 is latitude first in WMS 1.3.0; the other systems are (east, north).
        assertMostlyCommuneFill(map("EPSG:4326", LAT0 + "," + LON0 + "," + LAT1 + "," + LON1));
        assertMostlyCommuneFill(map("CRS:84", LON0 + "," + LAT0 + "," + LON1 + "," + LAT1));
        assertMostlyCommuneFill(map("EPSG:3857", "861056,6203053,864395,6206418"));
        assertMostlyCommuneFill(map("EPSG:2154", "1049092,6841001,1051167,6843353"));
        // Latitude and longitude swapped in EPSG:4326 is the Gulf of Guinea: nothing to draw there.
        BufferedImage swapped = map("EPSG:4326", LAT0 - 41 + "," + LON0 + 40 + "," + (LAT1 - 41) + "," + (LON1 + 40));
        assertEquals(0xffffff, swapped.getRGB(32, 32) & 0xffffff);
    }

    private BufferedImage map(String crs, String bbox) throws Exception {
        return platform.image("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communes&STYLES=&CRS=" + crs
                + "&BBOX=" + bbox + "&WIDTH=64&HEIGHT=64&FORMAT=image/png");
    }

    static void assertMostlyCommuneFill(BufferedImage image) {
        int matching = 0;
        int total = 0;
        for (int x = 4; x < image.getWidth(); x += 8) {
            for (int y = 4; y < image.getHeight(); y += 8) {
                int rgb = image.getRGB(x, y);
                total++;
                if (Math.abs(((rgb >> 16) & 0xff) - COMMUNE_FILL[0]) <= 3 && Math.abs(((rgb >> 8) & 0xff) - COMMUNE_FILL[1]) <= 3
                        && Math.abs((rgb & 0xff) - COMMUNE_FILL[2]) <= 3) {
                    matching++;
                }
            }
        }
        assertTrue(matching > total * 0.7, matching + " of " + total + " sampled pixels have the commune fill");
    }

    @Test
    void transparentPngJpegAndPng8() throws Exception {
        String query = "/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=departements&STYLES=&CRS=EPSG:2154"
                + "&BBOX=1200000,6000000,1300000,6100000&WIDTH=32&HEIGHT=32&TRANSPARENT=TRUE&FORMAT=";
        BufferedImage empty = platform.image(query + "image/png");
        assertEquals(0, empty.getRGB(16, 16) >>> 24, "outside Grand Est a transparent map is transparent");
        HttpResponse<byte[]> jpeg = platform.getBytes(query + "image/jpeg");
        assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> png8 = platform.getBytes(query.replace("1200000,6000000,1300000,6100000",
                "950000,6750000,1100000,6900000") + URLEncoder.encode("image/png; mode=8bit", StandardCharsets.UTF_8));
        assertEquals(200, png8.statusCode());
        assertEquals(3, png8.body()[25], "colour type 3: an 8-bit paletted PNG");
    }

    @Test
    void badRequestsAreServiceExceptionsWith400() throws Exception {
        String ok = "/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communes&STYLES=&FORMAT=image/png";
        assertException(ok + "&CRS=EPSG:2154&BBOX=1050000,6840000,1040000,6850000&WIDTH=10&HEIGHT=10", "InvalidParameterValue");
        assertException(ok + "&CRS=EPSG:4326&BBOX=48,7,95,8&WIDTH=10&HEIGHT=10", "InvalidParameterValue");
        assertException(ok + "&CRS=EPSG:9999&BBOX=0,0,1,1&WIDTH=10&HEIGHT=10", "InvalidCRS");
        assertException(ok + "&CRS=EPSG:2154&BBOX=1040000,6840000,1050000,6850000&WIDTH=100000&HEIGHT=10", "InvalidParameterValue");
        assertException(ok.replace("communes", "nowhere") + "&CRS=EPSG:2154&BBOX=1040000,6840000,1050000,6850000&WIDTH=10&HEIGHT=10",
                "LayerNotDefined");
        assertException(ok.replace("image/png", "image/gif") + "&CRS=EPSG:2154&BBOX=1040000,6840000,1050000,6850000&WIDTH=10&HEIGHT=10",
                "InvalidFormat");
        assertException("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communes&CRS=EPSG:2154&BBOX=a,b,c,d"
                + "&WIDTH=10&HEIGHT=10&FORMAT=image/png", "InvalidParameterValue");
    }

    private void assertException(String path, String code) throws Exception {
        HttpResponse<String> r = platform.get(path);
        assertEquals(400, r.statusCode(), path);
        assertTrue(r.body().contains("<ServiceExceptionReport") && r.body().contains("code=\"" + code + "\""), r.body());
        assertFalse(r.body().contains("Exception:") || r.body().contains("at fr."), "no stack trace");
    }

    @Test
    void featureInfoNamesTheCommuneUnderThePixel() throws Exception {
        String q = "/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=communes&QUERY_LAYERS=communes"
                + "&STYLES=&CRS=EPSG:4326&BBOX=" + LAT0 + "," + LON0 + "," + LAT1 + "," + LON1
                + "&WIDTH=64&HEIGHT=64&I=32&J=32&INFO_FORMAT=";
        JsonNode json = platform.json(q + "application/json");
        assertEquals("Strasbourg", json.get("features").get(0).get("properties").get("nom").asText());
        assertTrue(platform.get(q + "text/plain").body().contains("nom = Strasbourg"));
        assertTrue(platform.get(q + "text/html").body().contains("<td>Strasbourg</td>"));
        assertException(q.replace("I=32", "I=500") + "text/plain", "InvalidPoint");
    }

    @Test
    void legendAndCapabilities() throws Exception {
        BufferedImage legend = platform.image("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&FORMAT=image/png&LAYER=departements");
        assertTrue(legend.getHeight() >= 10 * 20, "one row per département");
        // The Bas-Rhin class colour #fccde5 is drawn in the legend.
        boolean found = false;
        for (int y = 0; y < legend.getHeight() && !found; y++) {
            for (int x = 0; x < 20 && !found; x++) {
                found = (legend.getRGB(x, y) & 0xffffff) == 0xfccde5;
            }
        }
        assertTrue(found, "the categorized colours are in the legend");
        String caps = platform.get("/maps/wms?SERVICE=WMS&REQUEST=GetCapabilities").body();
        assertTrue(caps.contains("<Name>communes</Name>") && caps.contains("<CRS>EPSG:2154</CRS>"), caps);
    }

    @Test
    void publishReplaceRestyleAndDeleteALayer() throws Exception {
        String admin = platform.admin();
        platform.send("DELETE", "/maps/api/layers/test-points", null, admin); // left over by an interrupted run
        byte[] geojson = lambert93Points(3);
        String create = "/maps/api/layers?id=test-points&title=" + URLEncoder.encode("Points d'essai", StandardCharsets.UTF_8);
        assertEquals(401, platform.send("POST", create, geojson, null).statusCode());
        HttpResponse<String> created = platform.send("POST", create, geojson, admin);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode layer = MapsPlatform.JSON.readTree(created.body());
        assertEquals(3, layer.get("featureCount").asInt());
        assertEquals("EPSG:2154", layer.get("sourceCrs").asText());
        // Reprojected from Lambert-93: the first point is Strasbourg's cathedral.
        assertEquals(7.75, layer.get("extent").get(0).asDouble(), 0.01);
        assertEquals(48.58, layer.get("extent").get(1).asDouble(), 0.01);
        assertEquals(409, platform.send("POST", create, geojson, admin).statusCode());

        HttpResponse<String> replaced = platform.send("PUT", "/maps/api/layers/test-points/data", lambert93Points(5), admin);
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals(5, platform.json("/maps/api/layers/test-points").get("featureCount").asInt());

        HttpResponse<String> badStyle = platform.send("PUT", "/maps/api/layers/test-points/style",
                "{\"fill\":\"red\"}".getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(400, badStyle.statusCode());
        assertTrue(badStyle.body().contains("style.fill"), badStyle.body());
        HttpResponse<String> style = platform.send("PUT", "/maps/api/layers/test-points/style",
                "{\"fill\":\"#ff0000\",\"pointSize\":12}".getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(200, style.statusCode(), style.body());
        assertEquals("#ff0000", platform.json("/maps/api/layers/test-points/style").get("fill").asText());

        assertEquals(204, platform.send("DELETE", "/maps/api/layers/test-points", null, admin).statusCode());
        assertEquals(404, platform.get("/maps/api/layers/test-points").statusCode());
    }

    @Test
    void anSldStyleDrivesTheImagesAndAMapLibreStyleIsGenerated() throws Exception {
        String admin = platform.admin();
        platform.send("DELETE", "/maps/api/layers/sld-points", null, admin);
        assertEquals(201, platform.send("POST", "/maps/api/layers?id=sld-points&title=SLD", lambert93Points(2), admin).statusCode());
        String sld = "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" xmlns:se=\"http://www.opengis.net/se\">"
                + "<NamedLayer><se:Name>p</se:Name><UserStyle><se:FeatureTypeStyle><se:Rule><se:PointSymbolizer><se:Graphic><se:Mark>"
                + "<se:Fill><se:SvgParameter name=\"fill\">#00ff00</se:SvgParameter></se:Fill></se:Mark><se:Size>40</se:Size>"
                + "</se:Graphic></se:PointSymbolizer></se:Rule></se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>";
        HttpResponse<String> put = platform.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(platform.base + "/maps/api/layers/sld-points/style"))
                .header("Authorization", admin).header("Content-Type", "application/vnd.ogc.sld+xml")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(sld)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        // The point at Strasbourg's cathedral is drawn as a green disc of 40 pixels.
        BufferedImage image = platform.image("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=sld-points&STYLES="
                + "&CRS=EPSG:2154&BBOX=1050117,6841737,1050317,6841937&WIDTH=64&HEIGHT=64&FORMAT=image/png");
        assertEquals(0x00ff00, image.getRGB(32, 32) & 0xffffff);
        JsonNode ml = platform.json("/maps/api/layers/sld-points/maplibre-style");
        assertEquals(8, ml.get("version").asInt());
        assertEquals("circle", ml.get("layers").get(0).get("type").asText());
        assertEquals("#00ff00", ml.get("layers").get(0).get("paint").get("circle-color").asText());
        JsonNode deps = platform.json("/maps/api/layers/departements/maplibre-style");
        assertEquals("match", deps.get("layers").get(0).get("paint").get("fill-color").get(0).asText());
        assertTrue(deps.get("sources").get("departements").get("tiles").get(0).asText().endsWith("/maps/tiles/departements/{z}/{x}/{y}.mvt"));
        platform.send("DELETE", "/maps/api/layers/sld-points", null, admin);
    }

    @Test
    void aGeoPackageInLambert93IsPublished() throws Exception {
        Path dir = Files.createTempDirectory("maps-gpkg");
        Path json = dir.resolve("points.geojson");
        Files.write(json, lambert93Points(4));
        Path gpkg = dir.resolve("points.gpkg");
        MapsPlatform.run("ogr2ogr", "-f", "GPKG", gpkg.toString(), json.toString(), "-nln", "points");
        platform.send("DELETE", "/maps/api/layers/gpkg-points", null, platform.admin());
        HttpResponse<String> r = platform.send("POST", "/maps/api/layers?id=gpkg-points&title=GPKG", Files.readAllBytes(gpkg),
                platform.admin());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode layer = MapsPlatform.JSON.readTree(r.body());
        assertEquals("GeoPackage", layer.get("sourceFormat").asText());
        assertEquals("EPSG:2154", layer.get("sourceCrs").asText());
        assertEquals(4, layer.get("featureCount").asInt());
        assertEquals(7.75, layer.get("extent").get(0).asDouble(), 0.01);
        assertTrue(layer.get("properties").toString().contains("nom"));
        platform.send("DELETE", "/maps/api/layers/gpkg-points", null, platform.admin());
    }

    @Test
    void aZippedShapefileIsPublishedAndOneWithoutPrjIsRefused() throws Exception {
        String admin = platform.admin();
        platform.send("DELETE", "/maps/api/layers/shp-points", null, admin);
        Path dir = Files.createTempDirectory("maps-shp");
        Path json = dir.resolve("points.geojson");
        Files.write(json, lambert93Points(6));
        MapsPlatform.run("ogr2ogr", "-f", "ESRI Shapefile", dir.resolve("points.shp").toString(), json.toString(),
                "-lco", "ENCODING=UTF-8");
        byte[] withPrj = zip(dir, "points.shp", "points.shx", "points.dbf", "points.prj", "points.cpg");
        HttpResponse<String> r = platform.send("POST", "/maps/api/layers?id=shp-points&title=SHP", withPrj, admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode layer = MapsPlatform.JSON.readTree(r.body());
        assertEquals("Shapefile", layer.get("sourceFormat").asText());
        assertEquals("EPSG:2154", layer.get("sourceCrs").asText());
        assertEquals(6, layer.get("featureCount").asInt());
        assertEquals(7.75, layer.get("extent").get(0).asDouble(), 0.01);
        assertEquals(48.58, layer.get("extent").get(1).asDouble(), 0.01);
        JsonNode first = platform.json("/maps/ogcapi/collections/shp-points/items/1");
        assertEquals("point 0", first.get("properties").get("nom").asText());
        assertEquals(0, first.get("properties").get("rang").asInt());
        platform.send("DELETE", "/maps/api/layers/shp-points", null, admin);

        byte[] withoutPrj = zip(dir, "points.shp", "points.shx", "points.dbf");
        assertRefused(platform.send("POST", "/maps/api/layers?id=shp-noprj&title=SHP", withoutPrj, admin), 400, ".prj");
        assertEquals(404, platform.get("/maps/api/layers/shp-noprj").statusCode());
    }

    private static byte[] zip(Path dir, String... names) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (String name : names) {
                z.putNextEntry(new ZipEntry("couche/" + name));
                z.write(Files.readAllBytes(dir.resolve(name)));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void badFilesAreRefusedAndNothingIsPublished() throws Exception {
        String admin = platform.admin();
        byte[] corrupt = new byte[4096];
        System.arraycopy("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 0, corrupt, 0, 16);
        for (int i = 16; i < corrupt.length; i++) {
            corrupt[i] = (byte) (i * 31);
        }
        assertRefused(platform.send("POST", "/maps/api/layers?id=bad1&title=x", corrupt, admin), 400, "GeoPackage");

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("../../evil.geojson"));
            z.write(lambert93Points(1));
            z.closeEntry();
        }
        assertRefused(platform.send("POST", "/maps/api/layers?id=bad2&title=x", zip.toByteArray(), admin), 400, "unsafe path");

        assertRefused(platform.send("POST", "/maps/api/layers?id=bad3&title=x",
                "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\"".getBytes(StandardCharsets.UTF_8),
                admin), 400, "JSON");
        assertRefused(platform.send("POST", "/maps/api/layers?id=bad4&title=x", "hello".getBytes(StandardCharsets.UTF_8), admin),
                415, "unsupported");
        assertRefused(platform.send("POST", "/maps/api/layers?id=Bad%20Id&title=x", lambert93Points(1), admin), 400, "layer id");
        for (String id : List.of("bad1", "bad2", "bad3", "bad4")) {
            assertEquals(404, platform.get("/maps/api/layers/" + id).statusCode(), id + " must not exist");
        }
    }

    @Test
    void anUploadAboveTheConfiguredLimitIsRefused() throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        Configuration config = context.getService(ref).getConfiguration("fr.datagrandest.plugin.maps", "?");
        try {
            config.update(new Hashtable<>(Map.of("maxUploadMiB", 1)));
            // The services restart with the new limit; wait for them, then send 2 MiB.
            Thread.sleep(1000);
            platform = new MapsPlatform(context);
            byte[] twoMiB = new byte[2 * 1024 * 1024];
            java.util.Arrays.fill(twoMiB, (byte) ' ');
            byte[] start = lambert93Points(1);
            System.arraycopy(start, 0, twoMiB, 0, start.length);
            assertRefused(platform.send("POST", "/maps/api/layers?id=too-large&title=x", twoMiB, platform.admin()), 413,
                    "upload limit (1 MiB)");
            assertEquals(404, platform.get("/maps/api/layers/too-large").statusCode());
        } finally {
            config.delete();
            Thread.sleep(1000);
            platform = new MapsPlatform(context);
        }
    }

    private static void assertRefused(HttpResponse<String> r, int status, String words) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(r.body().contains(words), r.body());
    }

    /** Points in Lambert-93, the first at Strasbourg's cathedral, as GeoJSON naming its CRS. */
    static byte[] lambert93Points(int n) {
        StringBuilder b = new StringBuilder("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                + "{\"name\":\"urn:ogc:def:crs:EPSG::2154\"}},\"features\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"nom\":\"point ").append(i)
                    .append("\",\"rang\":").append(i).append("},\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
                    .append(1050217 + i * 1000).append(',').append(6841837 + i * 1000).append("]}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
