package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

/** OGC API Features (read by GDAL's OAPIF driver) and vector tiles (read by GDAL's MVT driver). */
@ExtendWith(BundleContextExtension.class)
class OgcApiAndTilesIT {

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @Test
    void landingConformanceCollectionsAndOpenApi() throws Exception {
        JsonNode landing = platform.json("/maps/ogcapi");
        assertTrue(landing.get("links").toString().contains("service-desc"));
        assertTrue(platform.json("/maps/ogcapi/conformance").get("conformsTo").toString()
                .contains("ogcapi-features-1/1.0/conf/geojson"));
        JsonNode collections = platform.json("/maps/ogcapi/collections").get("collections");
        assertTrue(collections.toString().contains("\"id\":\"communes\""));
        HttpResponse<String> api = platform.get("/maps/ogcapi/api");
        assertTrue(api.headers().firstValue("Content-Type").orElseThrow().startsWith("application/vnd.oai.openapi+json"));
        assertEquals("3.0.3", MapsPlatform.JSON.readTree(api.body()).get("openapi").asText());
    }

    @Test
    void pagingBboxFiltersAndCrs() throws Exception {
        JsonNode page = platform.json("/maps/ogcapi/collections/communes/items?limit=100");
        assertEquals(100, page.get("features").size());
        assertEquals(5115, page.get("numberMatched").asInt());
        String next = null;
        for (JsonNode link : page.get("links")) {
            if (link.get("rel").asText().equals("next")) {
                next = link.get("href").asText();
            }
        }
        assertTrue(next != null && next.contains("offset=100") && next.contains("limit=100"), page.get("links").toString());
        JsonNode second = platform.json(next.substring(next.indexOf("/maps/")));
        assertEquals(101, second.get("features").get(0).get("id").asInt());

        JsonNode strasbourg = platform.json("/maps/ogcapi/collections/communes/items?bbox=7.74,48.57,7.76,48.59&nom=Strasbourg");
        assertEquals(1, strasbourg.get("numberMatched").asInt());
        assertEquals("67482", strasbourg.get("features").get(0).get("properties").get("code").asText());
        JsonNode bas = platform.json("/maps/ogcapi/collections/communes/items?departement=67&limit=1");
        assertEquals(514, bas.get("numberMatched").asInt());

        HttpResponse<String> l93 = platform.get("/maps/ogcapi/collections/communes/items?limit=1&nom=Strasbourg"
                + "&crs=http://www.opengis.net/def/crs/EPSG/0/2154");
        assertEquals("<http://www.opengis.net/def/crs/EPSG/0/2154>", l93.headers().firstValue("Content-Crs").orElseThrow());
        double x = MapsPlatform.JSON.readTree(l93.body()).get("features").get(0).get("geometry").get("coordinates")
                .get(0).get(0).get(0).asDouble();
        assertTrue(x > 1_000_000 && x < 1_100_000, "Lambert-93 easting " + x);

        assertEquals(400, platform.get("/maps/ogcapi/collections/communes/items?limit=0").statusCode());
        assertEquals(400, platform.get("/maps/ogcapi/collections/communes/items?bbox=1,2,3").statusCode());
        assertEquals(400, platform.get("/maps/ogcapi/collections/communes/items?crs=EPSG:1").statusCode());
        assertEquals(400, platform.get("/maps/ogcapi/collections/communes/items?colour=red").statusCode());
        assertEquals(404, platform.get("/maps/ogcapi/collections/nowhere/items").statusCode());
        assertTrue(platform.get("/maps/ogcapi/collections/communes/items?f=html&limit=5").body().contains("Page suivante"));
    }

    @Test
    void gdalReadsTheFeaturesThroughOapif() throws Exception {
        String out = MapsPlatform.run("ogrinfo", "-ro", "-so", "OAPIF:" + platform.base + "/maps/ogcapi", "communes");
        assertTrue(out.contains("Feature Count: 5115"), out);
        String filtered = MapsPlatform.run("ogrinfo", "-ro", "-al", "-q", "-spat", "7.74", "48.57", "7.76", "48.59",
                "OAPIF:" + platform.base + "/maps/ogcapi", "communes");
        assertTrue(filtered.contains("nom (String) = Strasbourg"), filtered);
    }

    @Test
    void vectorTilesAreReadByGdalAndCarryTheProperties() throws Exception {
        // Tile 10/534/353 covers Strasbourg.
        HttpResponse<byte[]> tile = platform.getBytes("/maps/tiles/communes/10/534/353.mvt");
        assertEquals(200, tile.statusCode());
        assertEquals("application/vnd.mapbox-vector-tile", tile.headers().firstValue("Content-Type").orElseThrow());
        String out = MapsPlatform.run("ogrinfo", "-ro", "-al", "MVT:" + platform.base + "/maps/tiles/communes/10/534/353.mvt");
        assertTrue(out.contains("nom (String) = Strasbourg"), out);
        JsonNode tileJson = platform.json("/maps/tiles/communes.json");
        assertEquals("3.0.0", tileJson.get("tilejson").asText());
        assertTrue(tileJson.get("tiles").get(0).asText().endsWith("/maps/tiles/communes/{z}/{x}/{y}.mvt"));
        assertEquals(400, platform.get("/maps/tiles/communes/3/8/1.mvt").statusCode());
        assertEquals(404, platform.get("/maps/tiles/nowhere/3/1/1.mvt").statusCode());
        // Coarser zooms are simplified: the whole region at z6 is smaller than the sum of its parts.
        HttpResponse<byte[]> z6 = platform.getBytes("/maps/tiles/communes/6/33/22.mvt");
        assertEquals(200, z6.statusCode());
        assertTrue(z6.body().length > 1000 && z6.body().length < 3_000_000, "z6 tile of " + z6.body().length + " bytes");
    }

    @Test
    void ogcApiTilesServeTheSameTilesAsXyz() throws Exception {
        JsonNode tms = platform.json("/maps/ogcapi/tileMatrixSets/WebMercatorQuad");
        assertEquals(23, tms.get("tileMatrices").size());
        assertEquals(1024, tms.get("tileMatrices").get(10).get("matrixWidth").asInt());
        JsonNode sets = platform.json("/maps/ogcapi/collections/communes/tiles");
        String template = null;
        for (JsonNode link : sets.get("tilesets").get(0).get("links")) {
            if (link.get("rel").asText().equals("item")) {
                template = link.get("href").asText();
            }
        }
        assertTrue(template != null && template.endsWith("/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"), sets.toString());
        assertEquals("vector", platform.json("/maps/ogcapi/collections/communes/tiles/WebMercatorQuad").get("dataType").asText());
        // Row 353, column 534 at zoom 10 is XYZ tile 10/534/353.
        HttpResponse<byte[]> ogc = platform.getBytes("/maps/ogcapi/collections/communes/tiles/WebMercatorQuad/10/353/534");
        HttpResponse<byte[]> xyz = platform.getBytes("/maps/tiles/communes/10/534/353.mvt");
        assertEquals(200, ogc.statusCode());
        assertTrue(java.util.Arrays.equals(ogc.body(), xyz.body()));
        assertEquals(204, platform.getBytes("/maps/ogcapi/collections/communes/tiles/WebMercatorQuad/10/0/0").statusCode());
        assertEquals(404, platform.get("/maps/ogcapi/collections/communes/tiles/WebMercatorQuad/3/9/1").statusCode());
        assertTrue(platform.json("/maps/ogcapi/conformance").toString().contains("ogcapi-tiles-1/1.0/conf/mvt"));
    }

    @Test
    void theViewerPageAndItsScriptsComeFromTheBundle() throws Exception {
        HttpResponse<String> page = platform.get("/maps");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html lang=\"fr\">") && page.body().contains("Aller à un territoire"));
        assertTrue(!page.body().contains("src=\"http") && !page.body().contains("href=\"http"), "no CDN");
        for (String asset : new String[] {"/maps/static/vendor/maplibre-gl/maplibre-gl.js",
            "/maps/static/vendor/maplibre-gl/LICENSE.txt", "/maps/static/viewer.js", "/maps/static/viewer.css"}) {
            assertEquals(200, platform.get(asset).statusCode(), asset);
        }
        assertEquals(404, platform.get("/maps/static/../viewer.html").statusCode());
    }
}
