package fr.datagrandest.plugin.ocs.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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

import fr.datagrandest.platform.api.maps.LayerSource;
import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;
import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/**
 * An imported vintage is offered to the map services as two {@link LayerSource} services (its land cover and its
 * artificialisation per commune) with all its polygons, and they are withdrawn when the vintage is deleted. Uses
 * département 67 and leaves nothing behind, so the other in-framework tests see the database as they expect it.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OcsMapLayersIT {

    private static final String COVER = "ocs-couverture-67-2018";
    private static final String ARTIFICIALISATION = "ocs-artificialisation-67-2018";

    @InjectBundleContext
    BundleContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;
    private SyntheticDataset data;
    private Path file;

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
        while (send(HttpRequest.newBuilder(URI.create(base + "/ocs/api/nomenclatures"))).statusCode() != 200) {
            assertTrue(System.currentTimeMillis() < deadline, "the OCS API does not answer");
            Thread.sleep(200);
        }
        Territory basRhin = territories.get(TerritoryLevel.DEPARTEMENT, "67").orElseThrow();
        List<CommuneOutline> communes = new ArrayList<>();
        for (Territory c : territories.children(basRhin, TerritoryLevel.COMMUNE).subList(0, 3)) {
            Geometry g = new WKTReader().read(territories.geometryWkt(c, CoordinateSystem.LAMBERT93).orElseThrow());
            communes.add(new CommuneOutline(c.code(), c.name(), "67", "", c.population(), g));
        }
        data = new SyntheticOcsGe(3, 150_000).generate("67", communes, 2018, 2021);
        file = Files.createTempDirectory("ocs-layers-it").resolve("v1.gpkg");
        GeoPackageWriter.write(data, 1, file);
    }

    @AfterAll
    void removeWhatWasImported() throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/ocs/api/vintages/67/2018")).DELETE());
    }

    @Test
    void anImportedVintageIsOfferedToTheMapsUntilItIsDeleted() throws Exception {
        assertTrue(sources(COVER).isEmpty(), "nothing offered before the import");
        HttpResponse<String> imported = send(HttpRequest.newBuilder(URI.create(base + "/ocs/api/imports?departement=67"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/geopackage+sqlite3")
                .POST(HttpRequest.BodyPublishers.ofFile(file)));
        assertEquals(201, imported.statusCode(), imported.body());

        ServiceReference<LayerSource> cover = await(COVER);
        ServiceReference<LayerSource> share = await(ARTIFICIALISATION);
        assertTrue(cover.getProperty(LayerSource.VERSION) instanceof Long);
        LayerSource coverLayer = context.getService(cover);
        try {
            assertEquals(COVER, coverLayer.id());
            assertEquals(2154, coverLayer.description().srid());
            AtomicInteger polygons = new AtomicInteger();
            coverLayer.features((id, wkb, properties) -> polygons.incrementAndGet());
            assertEquals(data.polygons().size(), polygons.get());
        } finally {
            context.ungetService(cover);
        }
        LayerSource shareLayer = context.getService(share);
        try {
            AtomicInteger communes = new AtomicInteger();
            shareLayer.features((id, wkb, properties) -> {
                communes.incrementAndGet();
                assertTrue(properties.get("part_artificialisee") instanceof Double, properties.toString());
            });
            assertEquals(data.communes().size(), communes.get());
        } finally {
            context.ungetService(share);
        }

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(base + "/ocs/api/vintages/67/2018"))
                .timeout(Duration.ofSeconds(60)).DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(sources(COVER).isEmpty() && sources(ARTIFICIALISATION).isEmpty())) {
            if (System.currentTimeMillis() > deadline) {
                fail("the layers of the deleted vintage are still offered after 30 s");
            }
            Thread.sleep(200);
        }
    }

    private Collection<ServiceReference<LayerSource>> sources(String id) throws Exception {
        return context.getServiceReferences(LayerSource.class, "(" + LayerSource.ID + "=" + id + ")");
    }

    private ServiceReference<LayerSource> await(String id) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Collection<ServiceReference<LayerSource>> found = sources(id);
            if (!found.isEmpty()) {
                assertEquals(1, found.size(), "one service per layer");
                return found.iterator().next();
            }
            Thread.sleep(200);
        }
        return fail("layer " + id + " was not offered within 30 s of the import");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
