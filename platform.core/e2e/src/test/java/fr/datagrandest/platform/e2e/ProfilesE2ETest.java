package fr.datagrandest.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployment profiles as a hosting provider uses them: a plain list of the plugins it hosts (their libraries
 * come along), the kernel alone, and a clear refusal of a profile that does not exist.
 */
class ProfilesE2ETest {

    @TempDir
    Path temp;

    @Test
    void aProvidersListStartsTheKernelTheListedPluginsAndTheLibrariesTheyNeed() throws Exception {
        Path profile = temp.resolve("territories-only.profile");
        Files.writeString(profile, "# a host that only serves territories\nfr.datagrandest.platform.core.territories\n");
        try (PlatformProcess platform = PlatformProcess.start(profile.toString(), temp.resolve("data"))) {
            HttpResponse<String> search = platform.send(HttpRequest.newBuilder(URI.create(platform.url("/api/territories?q=metz&limit=1"))));
            assertEquals(200, search.statusCode(), search.body());
            assertTrue(search.body().contains("Metz"), search.body());
            String modules = platform.send(platform.asAdmin("/api/admin/modules")).body();
            assertTrue(modules.contains("org.locationtech.jts.jts-core"), "JTS was not brought in for territories");
            assertTrue(modules.contains("org.eclipse.osgitech.rest"), "the REST layer is part of a provider's kernel");
        }
    }

    @Test
    void theMinimalProfileIsTheKernelWithoutTheRestLayer() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start("minimal", temp.resolve("data"))) {
            HttpResponse<String> dryRun = platform.send(ModuleAdministrationE2ETest.jar(
                    platform.asAdmin("/api/admin/modules?dryRun=true"), ModuleAdministrationE2ETest.testBundle("hello-rest")));
            assertEquals(422, dryRun.statusCode(), dryRun.body());
            assertTrue(dryRun.body().contains("jakarta.ws.rs"), dryRun.body());
            assertEquals(404, platform.send(HttpRequest.newBuilder(URI.create(platform.url("/api/territories?q=metz")))).statusCode());
        }
    }

    @Test
    void anUnknownProfileIsRefusedWithTheKnownOnes() throws Exception {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PlatformProcess.start(
                "no-such-profile", temp.resolve("data"), PlatformProcess.freePort(), Map.of("DGE_ADMIN_PASSWORD", PlatformProcess.ADMIN_PASSWORD)));
        assertTrue(refused.getMessage().contains("unknown profile 'no-such-profile'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("all, minimal, rest"), refused.getMessage());
    }
}
