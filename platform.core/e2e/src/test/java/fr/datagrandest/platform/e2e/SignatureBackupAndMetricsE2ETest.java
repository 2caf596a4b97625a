package fr.datagrandest.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The optional signature check with real keys and the JDK's jarsigner, {@code dge backup} and {@code dge restore},
 * and the per-module metrics.
 */
class SignatureBackupAndMetricsE2ETest {

    @TempDir
    Path temp;

    @Test
    void withTrustedCertificatesOnlyJarsSignedByThemAreAccepted() throws Exception {
        Path keys = temp.resolve("keys");
        Files.createDirectories(keys);
        Path trustedStore = keyPair(keys, "trusted", "CN=DataGrandEst modules");
        Path strangerStore = keyPair(keys, "stranger", "CN=Someone else");
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("conf"));
        run(jdkTool("keytool"), "-exportcert", "-rfc", "-alias", "trusted", "-keystore", trustedStore.toString(),
                "-storepass", "changeit", "-file", data.resolve("conf").resolve("trusted-modules.pem").toString());
        Files.writeString(data.resolve("conf").resolve("fr.datagrandest.platform.modules.cfg"),
                "trustedCertificates = trusted-modules.pem\n");

        Path unsigned = ModuleAdministrationE2ETest.testBundle("hello-v1");
        Path signed = sign(unsigned, trustedStore, "trusted", temp.resolve("hello-signed.jar"));
        Path signedByStranger = sign(unsigned, strangerStore, "stranger", temp.resolve("hello-stranger.jar"));
        Path tampered = tamper(signed, temp.resolve("hello-tampered.jar"));

        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            HttpResponse<String> refusedUnsigned = deploy(platform, unsigned);
            assertEquals(422, refusedUnsigned.statusCode(), refusedUnsigned.body());
            assertTrue(refusedUnsigned.body().contains("not signed"), refusedUnsigned.body());
            HttpResponse<String> refusedStranger = deploy(platform, signedByStranger);
            assertEquals(422, refusedStranger.statusCode(), refusedStranger.body());
            assertTrue(refusedStranger.body().contains("does not trust"), refusedStranger.body());
            HttpResponse<String> refusedTampered = deploy(platform, tampered);
            assertEquals(422, refusedTampered.statusCode(), refusedTampered.body());
            assertEquals(404, platform.send(platform.asAdmin("/hello")).statusCode(), "nothing refused may run");

            HttpResponse<String> accepted = deploy(platform, signed);
            assertEquals(201, accepted.statusCode(), accepted.body());
            assertEquals("hello from 1.0.0", platform.send(platform.asAdmin("/hello")).body().strip());
        }
    }

    @Test
    void aBackupRestoresTheModulesAndRefusesARunningPlatform() throws Exception {
        Path data = temp.resolve("data");
        Path backup = temp.resolve("platform-backup.zip");
        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            assertEquals(201, deploy(platform, ModuleAdministrationE2ETest.testBundle("hello-v2")).statusCode());
            Cli whileRunning = dge("backup", backup.toString(), "--data", data.toString());
            assertEquals(2, whileRunning.exitCode(), whileRunning.output());
            assertTrue(whileRunning.output().contains("running"), whileRunning.output());
        }
        Cli saved = dge("backup", backup.toString(), "--data", data.toString());
        assertEquals(0, saved.exitCode(), saved.output());

        Path restored = temp.resolve("restored");
        Cli restore = dge("restore", backup.toString(), "--data", restored.toString());
        assertEquals(0, restore.exitCode(), restore.output());
        try (PlatformProcess platform = PlatformProcess.start("minimal", restored)) {
            assertEquals("hello from 2.0.0", platform.send(platform.asAdmin("/hello")).body().strip());
            // the accounts came back too: the administrator's password still opens the admin API
            assertEquals(200, platform.send(platform.asAdmin("/api/admin/modules")).statusCode());
        }
        Files.writeString(temp.resolve("not-a-backup.zip"), "plain text");
        Cli refused = dge("restore", temp.resolve("not-a-backup.zip").toString(), "--data", restored.toString());
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(Files.exists(restored.resolve("modules").resolve("state.properties")), "a refused restore keeps the data");
    }

    @Test
    void metricsCountRequestsPerModule() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start("minimal", temp.resolve("data"))) {
            assertEquals(201, deploy(platform, ModuleAdministrationE2ETest.testBundle("hello-v1")).statusCode());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, platform.send(HttpRequest.newBuilder(URI.create(platform.url("/hello")))).statusCode());
            }
            HttpResponse<String> metrics = platform.send(HttpRequest.newBuilder(URI.create(platform.url("/metrics"))));
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String line = metrics.body().lines().filter(l -> l.startsWith("dge_http_requests_total{module=\"fr.datagrandest.test.hello\",status=\"2xx\"}"))
                    .findFirst().orElseThrow(() -> new AssertionError("no request counter for the hello module:\n" + metrics.body()));
            assertTrue(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)) >= 5, line);
            assertTrue(metrics.body().contains("dge_http_request_duration_seconds_bucket{module=\"fr.datagrandest.test.hello\",le=\"+Inf\"}"));
            assertTrue(metrics.body().contains("dge_module_up{module=\"fr.datagrandest.test.hello\",version=\"1.0.0\"} 1"));
            assertTrue(metrics.body().contains("jvm_memory_used_bytes{area=\"heap\"}"));
        }
    }

    @Test
    void logsAreStructuredJsonLinesNextToTheAccessLog() throws Exception {
        Path data = temp.resolve("logs-data");
        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            assertEquals(201, deploy(platform, ModuleAdministrationE2ETest.testBundle("hello-v1")).statusCode());
            assertEquals(200, platform.send(HttpRequest.newBuilder(URI.create(platform.url("/hello")))).statusCode());
        }
        // One JSON object per line, with level, logger, bundle and message: what a log collector ingests.
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(data.resolve("logs").resolve("platform.json"))) {
            events.add(json.readTree(line));
        }
        assertTrue(events.stream().anyMatch(e -> e.path("level").asText().equals("INFO")
                && e.path("loggerName").asText().endsWith("FirstAdministrator")
                && e.path("mdc").path("bundle.name").asText().equals("fr.datagrandest.platform.core.security")
                && e.path("message").asText().contains("created the platform administrator")), events.toString());
        assertTrue(events.stream().allMatch(e -> e.hasNonNull("timestamp") && e.hasNonNull("message")));
        // The HTTP access log is a file of its own in the same folder.
        try (var files = Files.list(data.resolve("logs"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("access")
                    && f.toFile().length() > 0), "no access log with requests");
        }
    }

    // ------------------------------------------------------------------ helpers

    record Cli(int exitCode, String output) {
    }

    static HttpResponse<String> deploy(PlatformProcess platform, Path jar) throws Exception {
        return platform.send(ModuleAdministrationE2ETest.jar(platform.asAdmin("/api/admin/modules"), jar));
    }

    static Cli dge(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PlatformProcess.java(), "-jar", PlatformProcess.launcherJar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Cli(process.exitValue(), output);
    }

    static String jdkTool(String name) {
        return Path.of(PlatformProcess.java()).resolveSibling(name).toString();
    }

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    }

    static Path keyPair(Path folder, String alias, String name) throws Exception {
        Path store = folder.resolve(alias + ".p12");
        run(jdkTool("keytool"), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", name,
                "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        return store;
    }

    static Path sign(Path jar, Path store, String alias, Path signed) throws Exception {
        run(jdkTool("jarsigner"), "-keystore", store.toString(), "-storepass", "changeit", "-signedjar", signed.toString(),
                jar.toString(), alias);
        return signed;
    }

    /** A signed jar with one class changed after signing. */
    static Path tamper(Path signed, Path target) throws Exception {
        try (ZipFile zip = new ZipFile(signed.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith("HelloServlet.class")) {
                    bytes[bytes.length - 1] ^= 0x01;
                }
                out.write(bytes);
                out.closeEntry();
            }
        }
        return target;
    }
}
