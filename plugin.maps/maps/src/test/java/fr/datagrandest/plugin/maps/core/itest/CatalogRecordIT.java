package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.api.catalog.DatasetCatalog;
import fr.datagrandest.platform.api.catalog.DatasetPage;
import fr.datagrandest.platform.api.catalog.DatasetRef;

/**
 * A layer linked to its catalogue record: the link shows in the layers API, the OGC API collection and the WMS
 * capabilities while a catalogue runs (here a catalogue registered by the test, as plugin.catalog does), and
 * nothing shows when it does not run or fails.
 */
@ExtendWith(BundleContextExtension.class)
class CatalogRecordIT {

    private static final String RECORD = "fr-dge-departements-2026";

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;
    ServiceRegistration<DatasetCatalog> registration;
    final AtomicBoolean failing = new AtomicBoolean();

    /** A catalogue with one record. */
    final DatasetCatalog catalog = new DatasetCatalog() {
        @Override
        public DatasetPage datasetsWithLicence(String spdxId, int limit) {
            return new DatasetPage(0, List.of());
        }

        @Override
        public Optional<DatasetRef> dataset(String identifier) {
            if (failing.get()) {
                throw new IllegalStateException("catalogue database unavailable");
            }
            return RECORD.equals(identifier) ? Optional.of(new DatasetRef(RECORD, "Départements du Grand Est (fiche)",
                    "Région Grand Est", "/catalog/records/" + RECORD)) : Optional.empty();
        }
    };

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @AfterEach
    void stop() throws Exception {
        if (registration != null) {
            registration.unregister();
        }
        platform.send("DELETE", "/maps/api/layers/departements/catalog-record", null, platform.admin());
    }

    private HttpResponse<String> link(String record, String authorization) throws Exception {
        return platform.send("PUT", "/maps/api/layers/departements/catalog-record",
                record.getBytes(StandardCharsets.UTF_8), authorization);
    }

    private String capabilities() throws Exception {
        return platform.get("/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities").body();
    }

    private static JsonNode link(JsonNode collection, String rel) {
        for (JsonNode l : collection.get("links")) {
            if (l.get("rel").asText().equals(rel)) {
                return l;
            }
        }
        return null;
    }

    @Test
    void theRecordIsLinkedWhileTheCatalogueRuns() throws Exception {
        assertEquals(401, link(RECORD, null).statusCode());
        HttpResponse<String> linked = link(RECORD, platform.admin());
        assertEquals(200, linked.statusCode(), linked.body());

        // No catalogue: the identifier is kept, no link anywhere.
        JsonNode layer = platform.json("/maps/api/layers/departements");
        assertEquals(RECORD, layer.get("catalogRecord").asText());
        assertFalse(layer.has("catalogRecordLink"), layer.toString());
        assertEquals(null, link(platform.json("/maps/ogcapi/collections/departements"), "describedby"));
        assertFalse(capabilities().contains("MetadataURL"));

        // The catalogue comes: title and page everywhere, without restarting anything.
        registration = context.registerService(DatasetCatalog.class, catalog, new Hashtable<>());
        layer = platform.json("/maps/api/layers/departements");
        assertEquals("Départements du Grand Est (fiche)", layer.get("catalogRecordLink").get("title").asText());
        assertEquals(platform.base + "/catalog/records/" + RECORD, layer.get("catalogRecordLink").get("href").asText());
        JsonNode described = link(platform.json("/maps/ogcapi/collections/departements"), "describedby");
        assertEquals(platform.base + "/catalog/records/" + RECORD, described.get("href").asText());
        assertEquals("Départements du Grand Est (fiche)", described.get("title").asText());
        String xml = capabilities();
        int departements = xml.indexOf("<Name>departements</Name>");
        int metadata = xml.indexOf("<MetadataURL", departements);
        assertTrue(departements > 0 && metadata > departements && metadata < xml.indexOf("</Layer>", departements), xml);
        assertTrue(xml.contains("xlink:href=\"" + platform.base + "/catalog/records/" + RECORD + "\""), xml);
        // Only the linked layer has one.
        assertEquals(xml.indexOf("<MetadataURL"), xml.lastIndexOf("<MetadataURL"));

        // A failing catalogue hides the links; the services still answer.
        failing.set(true);
        layer = platform.json("/maps/api/layers/departements");
        assertFalse(layer.has("catalogRecordLink"), layer.toString());
        assertEquals(null, link(platform.json("/maps/ogcapi/collections/departements"), "describedby"));
        failing.set(false);

        // The catalogue goes: the links go.
        registration.unregister();
        registration = null;
        assertFalse(platform.json("/maps/api/layers/departements").has("catalogRecordLink"));
        assertFalse(capabilities().contains("MetadataURL"));
    }

    @Test
    void anUnknownRecordShowsNoLinkAndTheLinkCanBeRemoved() throws Exception {
        registration = context.registerService(DatasetCatalog.class, catalog, new Hashtable<>());
        assertEquals(200, link("no-such-record", platform.admin()).statusCode());
        JsonNode layer = platform.json("/maps/api/layers/departements");
        assertEquals("no-such-record", layer.get("catalogRecord").asText());
        assertFalse(layer.has("catalogRecordLink"));
        HttpResponse<String> removed = platform.send("DELETE", "/maps/api/layers/departements/catalog-record", null,
                platform.admin());
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals("", platform.json("/maps/api/layers/departements").get("catalogRecord").asText());
    }
}
