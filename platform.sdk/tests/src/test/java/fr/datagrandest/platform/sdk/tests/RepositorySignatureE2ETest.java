package fr.datagrandest.platform.sdk.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With signing configured (trusted certificates), a module from a repository must be signed by a trusted key
 * like an uploaded one: the published bundles are not signed, so their installation is refused and nothing
 * changes.
 */
class RepositorySignatureE2ETest {

    @TempDir
    Path temp;

    @Test
    void withTrustedCertificatesAnUnsignedModuleFromARepositoryIsRefused() throws Exception {
        Path published = Path.of(System.getProperty("dge.repository", "../repository/target/repository")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(published.resolve("index.xml")), "the build publishes " + published.resolve("index.xml"));
        Path data = temp.resolve("data");
        Path conf = Files.createDirectories(data.resolve("conf"));
        Path store = temp.resolve("trusted.p12");
        String keytool = Path.of(RunningPlatform.java()).resolveSibling("keytool").toString();
        run(keytool, "-genkeypair", "-alias", "trusted", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=DataGrandEst modules", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "trusted", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", conf.resolve("trusted-modules.pem").toString());
        Files.writeString(conf.resolve("fr.datagrandest.platform.modules.cfg"),
                "trustedCertificates = trusted-modules.pem\nrepositories = " + published + "\n");

        try (RunningPlatform platform = RunningPlatform.start("minimal", data)) {
            HttpResponse<String> plan = platform.send(platform.asAdmin(
                    "/api/admin/modules/available/fr.datagrandest.platform.core.territories/install?dryRun=true")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, plan.statusCode(), plan.body());
            HttpResponse<String> refused = platform.send(platform.asAdmin(
                    "/api/admin/modules/available/fr.datagrandest.platform.core.territories/install")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("not signed") && refused.body().contains("nothing was installed"), refused.body());
            String modules = platform.send(platform.asAdmin("/api/admin/modules")).body();
            assertFalse(modules.contains("fr.datagrandest.platform.core.territories"), "nothing was installed");
            assertFalse(modules.contains("org.locationtech.proj4j"), "not even the libraries it needs");
        }
    }

    static void run(String... command) throws Exception {
        CommandResult result = CommandResult.run(new ProcessBuilder(List.of(command)), Duration.ofMinutes(2));
        assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result.output());
    }
}
