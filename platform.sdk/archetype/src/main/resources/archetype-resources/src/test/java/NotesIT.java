package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthStatus;
import fr.datagrandest.platform.api.portal.PortalContribution;

/**
 * The plugin inside a real OSGi framework with the platform's storage (embedded H2) and REST bundles: its
 * schema is migrated, its API answers over HTTP, it refuses bad input precisely, it joins the portal and
 * reports its health. {@code mvn verify} runs it (see itest.bndrun).
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class NotesIT {

    @InjectBundleContext
    BundleContext context;

    // Waits (up to 30 s) until the plugin's components are active, i.e. its schema was migrated.
    @InjectService(timeout = 30000, filter = "(health.name=notes)")
    HealthCheck health;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base;

    @BeforeEach
    void platformServes() throws Exception {
        ServiceReference<HttpServiceRuntime> runtime = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        base = url.replace("0.0.0.0", "localhost").replaceAll("/$", "");
        // The REST application is published a moment after the component starts.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get("/${pluginName}/api/about").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "/${pluginName}/api/about never answered 200");
            Thread.sleep(100);
        }
    }

    @Test
    void aboutSaysWhichVersionRuns() throws Exception {
        HttpResponse<String> about = get("/${pluginName}/api/about");
        assertEquals("application/json", about.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(about.body().contains("\"version\":\"" + context.getBundle().getVersion() + "\""), about.body());
    }

    @Test
    void aNoteIsStoredAndListed() throws Exception {
        HttpResponse<String> created = post("/${pluginName}/api/notes", "{\"title\":\"Réunion du comité\",\"body\":\"jeudi 10 h\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"title\":\"Réunion du comité\""), created.body());

        HttpResponse<String> listed = get("/${pluginName}/api/notes?limit=5");
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("Réunion du comité"), listed.body());
        assertEquals(HealthStatus.UP, health.check().status());
    }

    @Test
    void badInputIsRefusedWithAPreciseMessage() throws Exception {
        HttpResponse<String> noTitle = post("/${pluginName}/api/notes", "{\"body\":\"sans titre\"}");
        assertEquals(400, noTitle.statusCode());
        assertTrue(noTitle.body().contains("a note needs a title"), noTitle.body());

        HttpResponse<String> badLimit = get("/${pluginName}/api/notes?limit=0");
        assertEquals(400, badLimit.statusCode());
        assertTrue(badLimit.body().contains("limit must be between 1 and 500"), badLimit.body());
    }

    @Test
    void withoutTheTerritoriesModuleTheCommuneLookupDegrades() throws Exception {
        // The test framework runs no territories module: the optional reference stays empty.
        HttpResponse<String> commune = get("/${pluginName}/api/communes/67482");
        assertEquals(200, commune.statusCode(), commune.body());
        assertTrue(commune.body().contains("the territories module is not running"), commune.body());
    }

    @Test
    void thePluginJoinsThePortalSearch() throws Exception {
        assertEquals(201, post("/${pluginName}/api/notes", "{\"title\":\"Qualité de l'air\",\"body\":\"\"}").statusCode());
        ServiceReference<PortalContribution> reference = context.getServiceReferences(PortalContribution.class, null)
                .stream().filter(r -> r.getBundle().getSymbolicName().equals("${groupId}.${artifactId}")).findFirst().orElseThrow();
        PortalContribution contribution = context.getService(reference);
        try {
            assertEquals("/${pluginName}/api/notes", contribution.navigation().get(0).path());
            assertTrue(contribution.search("qualité", "fr", 10).stream().anyMatch(l -> l.title().equals("Qualité de l'air")));
        } finally {
            context.ungetService(reference);
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
