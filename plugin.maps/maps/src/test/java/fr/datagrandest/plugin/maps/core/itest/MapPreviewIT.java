package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import fr.datagrandest.platform.api.maps.MapPreview;

/** The MapPreview service other plugins embed: its path is a bare map page opened on the requested box. */
@ExtendWith(BundleContextExtension.class)
class MapPreviewIT {

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @Test
    void thePreviewPathIsABareMapOpenedOnTheBox() throws Exception {
        ServiceReference<MapPreview> ref = context.getServiceReference(MapPreview.class);
        assertNotNull(ref, "plugin.maps registers a MapPreview service");
        MapPreview preview = context.getService(ref);
        try {
            String path = preview.previewPath(7.7, 48.5, 7.8, 48.6);
            assertTrue(path.startsWith("/maps?"), path);
            assertTrue(path.contains("integre"), path);
            HttpResponse<String> page = platform.get(path);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("data-emprise=\"7.7,48.5,7.8,48.6\""), page.body());
            assertTrue(page.body().contains("/maps/static/viewer.js"), "the page loads the viewer script");

            assertThrows(IllegalArgumentException.class, () -> preview.previewPath(8, 48, 7, 49), "inverted box");
            assertThrows(IllegalArgumentException.class, () -> preview.previewPath(7, 48, 200, 49), "out of range");
            assertThrows(IllegalArgumentException.class, () -> preview.previewPath(Double.NaN, 48, 7, 49), "NaN");
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    void aBadBoxIsRefusedWithAPreciseMessage() throws Exception {
        HttpResponse<String> inverted = platform.get("/maps?integre&bbox=8,48,7,49");
        assertEquals(400, inverted.statusCode());
        assertTrue(inverted.body().contains("inversée"), inverted.body());
        HttpResponse<String> text = platform.get("/maps?integre&bbox=7,48,abc,49");
        assertEquals(400, text.statusCode());
        assertTrue(text.body().contains("« abc » n'est pas un nombre"), text.body());
        HttpResponse<String> plain = platform.get("/maps");
        assertEquals(200, plain.statusCode());
        assertTrue(!plain.body().contains("data-emprise"), "no box asked, none written");
    }
}
