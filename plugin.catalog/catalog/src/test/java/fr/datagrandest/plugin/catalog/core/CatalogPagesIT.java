package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;

import fr.datagrandest.platform.api.legal.LicenceGuide;
import fr.datagrandest.platform.api.legal.LicenceRef;
import fr.datagrandest.platform.api.maps.MapPreview;

/**
 * The French pages over HTTP: search with facets and paging, a record, the stylesheet, no foreign resources, and
 * the map preview that appears only while a MapPreview service exists.
 */
class CatalogPagesIT {

    @InjectBundleContext
    BundleContext context;
    RunningPlatform platform;

    @BeforeEach
    void platform() throws Exception {
        platform = new RunningPlatform(context);
    }

    private HttpResponse<String> page(String path) throws Exception {
        HttpResponse<String> r = platform.get(path);
        if (r.statusCode() == 404) {
            HttpServiceRuntime runtime = context.getService(context.getServiceReference(HttpServiceRuntime.class));
            throw new AssertionError(path + " is 404; failed servlets: "
                    + Arrays.toString(Arrays.stream(runtime.getRuntimeDTO().failedServletDTOs)
                            .map(f -> f.name + " " + Arrays.toString(f.patterns) + " reason " + f.failureReason).toArray()));
        }
        return r;
    }

    @Test
    void searchPageWithFacetsAndResults() throws Exception {
        HttpResponse<String> r = page("/catalog?q=urbanisme");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("<html lang=\"fr\">") && html.contains("Catalogue des données"), html);
        assertTrue(html.contains("Affiner") && html.contains("Organisation"), "facets are shown");
        assertTrue(html.contains("/catalog/record?id="), "results link to their record");
        assertTrue(!html.contains("http://") || !html.matches("(?s).*<(script|link)[^>]+https?://.*"), "no resource from another site");
        HttpResponse<String> filtered = page("/catalog?q=urbanisme&type=dataset&tri=title");
        assertTrue(filtered.body().contains("aria-current=\"true\""), "the chosen facet value is marked");
        HttpResponse<String> css = page("/catalog/static/catalog.css");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    }

    @Test
    void importPageAndItsScript() throws Exception {
        HttpResponse<String> r = page("/catalog/import");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Importer des fiches") && r.body().contains("/catalog/static/import.js"));
        HttpResponse<String> js = page("/catalog/static/import.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.body().contains("X-CSRF-Token") && js.body().contains("/catalog/api/records"));
    }

    @Test
    void recordPage() throws Exception {
        HttpResponse<String> r = page("/catalog/record?id=fr-210800405-08042-plu20140213");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Balaives-et-Butz") && r.body().contains("mairie de Balaives et Butz"));
        assertTrue(r.body().contains("http://mairie-balaives-et-butz.fr/PLU"), "online resources are links");
        assertEquals(404, platform.get("/catalog/record?id=nothing-here").statusCode());
        assertTrue(r.body().contains("Qualité de la fiche"), "the quality report is on the page");
    }

    @Test
    void recordPageEmbedsAMapPreviewOnlyWhileAMapPluginOffersOne() throws Exception {
        String record = "/catalog/record?id=SUP-PM3-28-110068012-20161104";
        HttpResponse<String> before = page(record);
        assertEquals(200, before.statusCode());
        assertTrue(before.body().contains("Emprise (WGS 84)"), "this record has an extent");
        assertTrue(!before.body().contains("<iframe"), "no map plugin yet: no preview");

        // The test plays the map plugin: it registers the service the catalogue looks for.
        MapPreview preview = (west, south, east, north) -> "/apercu-essai?bbox=" + west + "," + south + "," + east + "," + north;
        ServiceRegistration<MapPreview> registration = context.registerService(MapPreview.class, preview, null);
        try {
            HttpResponse<String> with = page(record);
            assertEquals(200, with.statusCode());
            String html = with.body();
            int iframe = html.indexOf("<iframe");
            assertTrue(iframe > 0, html);
            String tag = html.substring(iframe, html.indexOf('>', iframe));
            // The record's extent (Eure-et-Loir), as the catalogue read it from the ISO 19139 document.
            assertTrue(tag.matches("(?s).*src=\"/apercu-essai\\?bbox=0\\.755\\d*,47\\.953\\d*,1\\.994\\d*,48\\.941\\d*\".*"), tag);
            assertTrue(tag.contains("title=\"Aperçu cartographique"), "the frame has a French title: " + tag);
            assertTrue(html.contains("<h2>Aperçu cartographique</h2>"));
            assertTrue(with.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-src 'self'"),
                    "the page policy lets the frame from this site load");
        } finally {
            registration.unregister();
        }

        HttpResponse<String> after = page(record);
        assertEquals(200, after.statusCode());
        assertTrue(!after.body().contains("<iframe") && !after.body().contains("Aperçu cartographique"),
                "the map plugin is gone: nothing about maps on the page");
    }

    @Test
    void recordPageLinksItsLicenceToTheGuideOnlyWhileTheLegalPluginOffersIt() throws Exception {
        String record = "/catalog/record?id=SUP-PM3-28-110068012-20161104";
        HttpResponse<String> before = page(record);
        assertEquals(200, before.statusCode());
        assertTrue(before.body().contains("Licence Ouverte 2.0"), "this record names its licence");
        assertTrue(!before.body().contains("class=\"licence\""), "no legal plugin yet: no link");

        // The test plays the legal plugin: a guide that knows the Etalab licence only.
        LicenceGuide guide = text -> text.toLowerCase(java.util.Locale.ROOT).contains("licence ouverte")
                ? Optional.of(new LicenceRef("etalab-2.0", "Licence Ouverte 2.0 (Etalab) – essai", "/legal/licences/etalab-2.0?essai=1&x=2"))
                : Optional.empty();
        ServiceRegistration<LicenceGuide> registration = context.registerService(LicenceGuide.class, guide, null);
        try {
            String html = page(record).body();
            assertTrue(html.contains("<a class=\"licence\" href=\"/legal/licences/etalab-2.0?essai=1&amp;x=2\">Licence Ouverte 2.0 (Etalab) – essai</a>"), html);
            assertTrue(html.contains("Licence Ouverte 2.0</span>"), "the producer's wording stays beside the title");
            // A licence the guide does not know keeps its text, without a link.
            String other = page("/catalog/record?id=fr-210800405-08042-plu20140213").body();
            assertTrue(!other.contains("class=\"licence\""), "no licence recognised: no link");
        } finally {
            registration.unregister();
        }

        // A failing guide costs the visitor the link only, not the page.
        LicenceGuide broken = text -> {
            throw new IllegalStateException("guide broken");
        };
        registration = context.registerService(LicenceGuide.class, broken, null);
        try {
            HttpResponse<String> r = page(record);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("Licence Ouverte 2.0") && !r.body().contains("class=\"licence\""));
        } finally {
            registration.unregister();
        }
        assertTrue(!page(record).body().contains("class=\"licence\""), "the legal plugin is gone: no link");
    }
}
