package fr.datagrandest.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's contribution to the portal appears when it is deployed and disappears, without error, when it is
 * stopped or removed: navigation, global search and the territory page.
 */
class PortalContributionE2ETest {

    @TempDir
    Path temp;

    @Test
    void aContributionAppearsAndDisappearsWithItsPlugin() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start("all", temp.resolve("data"))) {
            assertFalse(get(platform, "/api/portal/navigation?lang=fr").body().contains("Observatoire d'essai"));

            HttpResponse<String> deployed = platform.send(ModuleAdministrationE2ETest.jar(platform.asAdmin("/api/admin/modules"),
                    ModuleAdministrationE2ETest.testBundle("portal-contribution")));
            assertEquals(201, deployed.statusCode(), deployed.body());

            assertTrue(get(platform, "/api/portal/navigation?lang=fr").body().contains("Observatoire d'essai"));
            assertTrue(get(platform, "/api/portal/navigation?lang=en").body().contains("Test observatory"));
            assertTrue(get(platform, "/").body().contains("Observatoire d&#39;essai") || get(platform, "/").body().contains("Observatoire d'essai"));
            assertTrue(get(platform, "/api/portal/search?q=eau&lang=fr").body().contains("Qualité de l'eau"));
            HttpResponse<String> territory = get(platform, "/territoires/commune/67482");
            assertEquals(200, territory.statusCode());
            assertTrue(territory.body().contains("Observatoire : Strasbourg"), "territory page lacks the plugin's link");

            assertEquals(200, platform.send(platform.asAdmin("/api/admin/modules/fr.datagrandest.test.contribution/stop")
                    .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
            HttpResponse<String> front = get(platform, "/");
            assertEquals(200, front.statusCode());
            assertFalse(front.body().contains("Observatoire"), "the stopped plugin's entry is still on the front page");
            assertFalse(get(platform, "/api/portal/search?q=eau&lang=fr").body().contains("Qualité de l'eau"));
            assertEquals(200, get(platform, "/territoires/commune/67482").statusCode());
        }
    }

    static HttpResponse<String> get(PlatformProcess platform, String path) throws Exception {
        return platform.send(HttpRequest.newBuilder(URI.create(platform.url(path))));
    }
}
