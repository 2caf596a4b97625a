package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.api.maps.LayerDescription;
import fr.datagrandest.platform.api.maps.LayerSource;
import fr.datagrandest.platform.api.maps.LayerSymbology;
import fr.datagrandest.platform.api.maps.LayerSymbology.SymbolClass;

/**
 * A layer another plugin provides as a {@link LayerSource} service is served like any other (OGC API Features, WMS)
 * while the service is registered, follows its new versions, cannot be changed or deleted through the layers API,
 * never replaces a layer users published, and goes away with the service.
 */
@ExtendWith(BundleContextExtension.class)
class ProvidedLayersIT {

    private static final String ID = "test-provided-squares";
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;
    final List<ServiceRegistration<LayerSource>> registrations = new ArrayList<>();

    /** Squares of 1 km in Lambert-93 near Strasbourg, in two classes. */
    static final class Squares implements LayerSource {
        final String id;
        volatile int count;

        Squares(String id, int count) {
            this.id = id;
            this.count = count;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public LayerDescription description() {
            return new LayerDescription("Carrés d'essai", "Des carrés de 1 km", List.of("essai"), "Tests",
                    "etalab-2.0", "Essais", 2154, new LayerSymbology("#0000ff", "#000000", "classe", false,
                            List.of(SymbolClass.category("a", "#ff0000", "Classe A"),
                                    SymbolClass.category("b", "#00ff00", "Classe B")), null));
        }

        @Override
        public void features(FeatureSink sink) {
            WKBWriter wkb = new WKBWriter();
            for (int i = 0; i < count; i++) {
                double x = 1_050_000 + (i % 2) * 2_000;
                double y = 6_841_000 + (i / 2) * 2_000;
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("nom", "carré " + (i + 1));
                properties.put("classe", i % 2 == 0 ? "a" : "b");
                properties.put("surface_m2", 1_000_000.0);
                sink.feature("c" + (i + 1), wkb.write(GEOMETRY.toGeometry(new Envelope(x, x + 1_000, y, y + 1_000))),
                        properties);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @AfterEach
    void stop() {
        for (ServiceRegistration<LayerSource> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone
            }
        }
    }

    private ServiceRegistration<LayerSource> register(LayerSource source, long version) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(LayerSource.ID, source.id());
        properties.put(LayerSource.VERSION, version);
        ServiceRegistration<LayerSource> r = context.registerService(LayerSource.class, source, properties);
        registrations.add(r);
        return r;
    }

    /** Polls a path until its answer satisfies the condition (the layers are read in the background). */
    private HttpResponse<String> await(String path, Predicate<HttpResponse<String>> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> r = platform.get(path);
        while (!condition.test(r) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            r = platform.get(path);
        }
        if (!condition.test(r)) {
            fail("no expected answer from " + path + " within 30 s: " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static int features(HttpResponse<String> r) {
        try {
            return r.statusCode() == 200 ? MapsPlatform.JSON.readTree(r.body()).get("features").size() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aProvidedLayerIsServedFollowsItsVersionsAndGoesWithItsService() throws Exception {
        Squares squares = new Squares(ID, 3);
        ServiceRegistration<LayerSource> registration = register(squares, 1L);
        String items = "/maps/ogcapi/collections/" + ID + "/items?f=json";

        JsonNode page = MapsPlatform.JSON.readTree(await(items, r -> features(r) == 3).body());
        JsonNode first = page.get("features").get(0);
        assertEquals("carré 1", first.get("properties").get("nom").asText());
        assertEquals("a", first.get("properties").get("classe").asText());
        // Lambert-93 reprojected to WGS 84: Strasbourg is near 7.7° E, 48.5° N.
        JsonNode corner = first.get("geometry").get("coordinates").get(0).get(0);
        assertEquals(7.7, corner.get(0).asDouble(), 0.2, corner.toString());
        assertEquals(48.5, corner.get(1).asDouble(), 0.2, corner.toString());

        JsonNode layer = platform.json("/maps/api/layers/" + ID);
        assertEquals("Carrés d'essai", layer.get("title").asText());
        assertEquals("EPSG:2154", layer.get("sourceCrs").asText());
        assertTrue(layer.get("sourceFormat").asText().startsWith("plugin "), layer.toString());

        // WMS draws it with its classes: the first square (class a) red, the second (class b) green.
        BufferedImage map = platform.image("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=" + ID
                + "&STYLES=&CRS=EPSG:2154&BBOX=1049000,6840000,1054000,6845000&WIDTH=100&HEIGHT=100&FORMAT=image/png"
                + "&TRANSPARENT=TRUE");
        assertColour(map.getRGB(30, 70), 0xff0000);
        assertColour(map.getRGB(70, 70), 0x00ff00);
        assertEquals(0, map.getRGB(50, 10) >>> 24, "outside the squares the map is transparent");
        assertTrue(platform.get("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities").body()
                .contains("<Name>" + ID + "</Name>"));

        // It is the providing plugin's: the layers API does not change or delete it.
        HttpResponse<String> delete = platform.send("DELETE", "/maps/api/layers/" + ID, null, platform.admin());
        assertEquals(409, delete.statusCode(), delete.body());
        assertTrue(delete.body().contains("another plugin"), delete.body());
        assertEquals(3, features(platform.get(items)));

        // A new version is read again; the same version is not.
        squares.count = 4;
        Hashtable<String, Object> same = new Hashtable<>();
        same.put(LayerSource.ID, ID);
        same.put(LayerSource.VERSION, 1L);
        registration.setProperties(same);
        Thread.sleep(500);
        assertEquals(3, features(platform.get(items)), "an unchanged version is not read again");
        Hashtable<String, Object> next = new Hashtable<>(same);
        next.put(LayerSource.VERSION, 2L);
        registration.setProperties(next);
        await(items, r -> features(r) == 4);

        // The service goes: the layer goes.
        registration.unregister();
        await("/maps/api/layers/" + ID, r -> r.statusCode() == 404);
        assertEquals(404, platform.get(items).statusCode());
    }

    @Test
    void aProvidedLayerNeverReplacesALayerUsersPublished() throws Exception {
        JsonNode before = platform.json("/maps/api/layers/departements");
        register(new Squares("departements", 2), 1L);
        Squares other = new Squares("test-provided-after-clash", 1);
        register(other, 1L);
        // Services are read in order: once the second one is served, the first one was handled.
        await("/maps/ogcapi/collections/" + other.id() + "/items?f=json", r -> features(r) == 1);
        JsonNode after = platform.json("/maps/api/layers/departements");
        assertEquals(before.get("title").asText(), after.get("title").asText());
        assertEquals(before.get("sourceFormat").asText(), after.get("sourceFormat").asText());
    }

    @Test
    void aSecondSourceWithTheSameIdIsIgnoredUntilTheFirstGoes() throws Exception {
        register(new Squares("test-provided-twice", 2), 1L);
        String items = "/maps/ogcapi/collections/test-provided-twice/items?f=json";
        await(items, r -> features(r) == 2);
        ServiceRegistration<LayerSource> second = register(new Squares("test-provided-twice", 5), 1L);
        Squares marker = new Squares("test-provided-marker", 1);
        register(marker, 1L);
        await("/maps/ogcapi/collections/" + marker.id() + "/items?f=json", r -> features(r) == 1);
        assertEquals(2, features(platform.get(items)), "the first source keeps its layer");
        second.unregister();
        Thread.sleep(300);
        assertEquals(2, features(platform.get(items)), "the ignored source's departure leaves the layer alone");
    }

    private static void assertColour(int argb, int rgb) {
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        int er = (rgb >> 16) & 0xff;
        int eg = (rgb >> 8) & 0xff;
        int eb = rgb & 0xff;
        assertTrue(Math.abs(r - er) < 40 && Math.abs(g - eg) < 40 && Math.abs(b - eb) < 40 && (argb >>> 24) > 200,
                () -> String.format("expected about #%06x, got #%08x", rgb, argb));
    }
}
