package fr.datagrandest.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The module manager as an administrator uses it: the REST API and the {@code dge modules} CLI against a platform
 * started by its launcher; the installed set surviving a restart and a {@code kill -9} in the middle of a
 * deploy; the deploy folder; configuration files applied without restart.
 */
class ModuleAdministrationE2ETest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HELLO = "fr.datagrandest.test.hello";

    @TempDir
    Path temp;

    static Path testBundle(String module) throws IOException {
        Path target = Path.of(System.getProperty("dge.testbundles", "../testbundles")).resolve(module).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && !p.getFileName().toString().contains("-tests"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar in " + target));
        }
    }

    static HttpRequest.Builder jar(HttpRequest.Builder request, Path jar) throws IOException {
        return request.header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofFile(jar));
    }

    /** Runs {@code dge modules ARGS} with the launcher jar, as the ./dge script does. */
    static CliResult cli(PlatformProcess platform, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PlatformProcess.java(), "-jar", PlatformProcess.launcherJar().toString(), "modules"));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", platform.url("")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DGE_ADMIN_PASSWORD", PlatformProcess.ADMIN_PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new CliResult(process.exitValue(), output);
    }

    record CliResult(int exitCode, String output) {
    }

    @Test
    void anAdministratorDeploysWithTheApiAndTheCliAndTheInstalledSetSurvivesARestart() throws Exception {
        Path data = temp.resolve("data");
        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            HttpResponse<String> installed = platform.send(jar(platform.asAdmin("/api/admin/modules"), testBundle("hello-v1")));
            assertEquals(201, installed.statusCode(), installed.body());
            assertEquals("hello from 1.0.0", platform.send(platform.asAdmin("/hello")).body().strip());

            CliResult update = cli(platform, "deploy", testBundle("hello-v2").toString());
            assertEquals(0, update.exitCode(), update.output());
            assertTrue(update.output().contains("updated from 1.0.0 to 2.0.0"), update.output());
            CliResult list = cli(platform, "list");
            assertEquals(0, list.exitCode(), list.output());
            assertTrue(list.output().lines().anyMatch(l -> l.startsWith(HELLO) && l.contains("2.0.0") && l.contains("ACTIVE")), list.output());

            CliResult refused = cli(platform, "deploy", testBundle("hello-broken").toString());
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("org.example.missing.geometry"), refused.output());
            assertTrue(refused.output().contains("org.example.capability"), refused.output());
        }
        try (PlatformProcess again = PlatformProcess.start("minimal", data)) {
            assertEquals("hello from 2.0.0", again.send(again.asAdmin("/hello")).body().strip());
            CliResult rollback = cli(again, "rollback", HELLO);
            assertEquals(0, rollback.exitCode(), rollback.output());
            assertEquals("hello from 1.0.0", again.send(again.asAdmin("/hello")).body().strip());
            CliResult stop = cli(again, "stop", HELLO);
            assertEquals(0, stop.exitCode(), stop.output());
        }
        try (PlatformProcess third = PlatformProcess.start("minimal", data)) {
            assertEquals(404, third.send(third.asAdmin("/hello")).statusCode(), "a stopped module stays stopped after a restart");
            JsonNode module = JSON.readTree(third.send(third.asAdmin("/api/admin/modules/" + HELLO)).body());
            assertEquals("1.0.0", module.get("version").asText());
            assertEquals("STOPPED", module.get("health").asText());
        }
    }

    @Test
    void aKillInTheMiddleOfADeployLeavesTheOldOrTheNewVersionWhole() throws Exception {
        Path data = temp.resolve("data");
        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            assertEquals(201, platform.send(jar(platform.asAdmin("/api/admin/modules"), testBundle("hello-v1"))).statusCode());
        }
        Random random = new Random(42);
        for (int round = 0; round < 4; round++) {
            PlatformProcess platform = PlatformProcess.start("minimal", data);
            String before = platform.send(platform.asAdmin("/hello")).body().strip();
            Path next = testBundle(before.endsWith("1.0.0") ? "hello-v2" : "hello-v1");
            Thread deploy = Thread.ofPlatform().start(() -> {
                try {
                    platform.send(jar(platform.asAdmin("/api/admin/modules?force=true"), next));
                } catch (Exception e) {
                    // the process is killed under it: expected
                }
            });
            Thread.sleep(random.nextInt(120));
            platform.kill();
            deploy.join();
            try (PlatformProcess after = PlatformProcess.start("minimal", data)) {
                HttpResponse<String> hello = after.send(after.asAdmin("/hello"));
                assertEquals(200, hello.statusCode(), "round " + round + ": no version serves after the kill\n" + after.logText());
                JsonNode module = JSON.readTree(after.send(after.asAdmin("/api/admin/modules/" + HELLO)).body());
                assertEquals("hello from " + module.get("version").asText(), hello.body().strip(),
                        "round " + round + ": the recorded version and the serving version differ");
                assertEquals("UP", module.get("health").asText());
            }
        }
    }

    @Test
    void aJarDroppedInTheDeployFolderIsDeployedAndARefusedOneSaysWhy() throws Exception {
        Path data = temp.resolve("data");
        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            Path deploy = data.resolve("deploy");
            Files.copy(testBundle("hello-v1"), deploy.resolve("hello.jar.part"));
            Files.move(deploy.resolve("hello.jar.part"), deploy.resolve("hello.jar"), StandardCopyOption.ATOMIC_MOVE);
            awaitStatus(platform, "/hello", 200, 15);
            assertFalse(Files.exists(deploy.resolve("hello.jar")), "a deployed jar leaves the folder");

            Files.copy(testBundle("hello-broken"), deploy.resolve("broken.jar"));
            Path reason = deploy.resolve("refused").resolve("broken.jar.txt");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!Files.exists(reason) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(reason), "no reason file for the refused jar");
            assertTrue(Files.readString(reason).contains("org.example.missing.storage"));
            assertEquals("hello from 1.0.0", platform.send(platform.asAdmin("/hello")).body().strip());
        }
    }

    @Test
    void aConfigurationFileIsAppliedWithoutRestartAndABrokenOneChangesNothing() throws Exception {
        Path data = temp.resolve("data");
        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            byte[] twoMiB = bundleOfSize(2 * 1024 * 1024);
            HttpResponse<String> accepted = platform.send(platform.asAdmin("/api/admin/modules?dryRun=true")
                    .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofByteArray(twoMiB)));
            assertEquals(200, accepted.statusCode(), accepted.body());

            Path conf = data.resolve("conf").resolve("fr.datagrandest.platform.modules.cfg");
            Files.writeString(conf, "maxUploadMiB = 1\n");
            HttpResponse<String> tooLarge = awaitUploadStatus(platform, twoMiB, 413);
            assertTrue(tooLarge.body().contains("1 MiB"), tooLarge.body());

            Files.writeString(data.resolve("conf").resolve("fr.datagrandest.platform.modules.config"), "maxUploadMiB = I\"not a number\n");
            Thread.sleep(1500);
            assertEquals(413, upload(platform, twoMiB).statusCode(), "a broken file must leave the previous configuration");
            assertEquals(200, platform.send(platform.asAdmin("/health")).statusCode());
        }
    }

    @Test
    void uploadsAndNamesThatAreNotAcceptableAreRefusedAndChangeNothing() throws Exception {
        Path data = temp.resolve("data");
        try (PlatformProcess platform = PlatformProcess.start("minimal", data)) {
            HttpResponse<String> anonymous = platform.send(jar(HttpRequest.newBuilder(java.net.URI.create(platform.url("/api/admin/modules"))), testBundle("hello-v1")));
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            HttpResponse<String> wrongPassword = platform.send(jar(HttpRequest.newBuilder(java.net.URI.create(platform.url("/api/admin/modules")))
                    .header("Authorization", PlatformProcess.basic("admin", "not-the-password")), testBundle("hello-v1")));
            assertEquals(401, wrongPassword.statusCode(), wrongPassword.body());
            assertFalse(wrongPassword.body().contains("Exception"), wrongPassword.body());

            HttpResponse<String> notAJar = platform.send(platform.asAdmin("/api/admin/modules").POST(HttpRequest.BodyPublishers.ofString("hello")));
            assertEquals(400, notAJar.statusCode());
            assertTrue(notAJar.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), notAJar.headers().toString());

            HttpResponse<String> traversal = platform.send(platform.asAdmin("/api/admin/modules/..%2F..%2Fetc%2Fpasswd").DELETE());
            assertTrue(traversal.statusCode() >= 400 && traversal.statusCode() < 500, traversal.statusCode() + " " + traversal.body());

            assertEquals(201, platform.send(jar(platform.asAdmin("/api/admin/modules"), testBundle("hello-v2"))).statusCode());
            HttpResponse<String> downgrade = platform.send(jar(platform.asAdmin("/api/admin/modules"), testBundle("hello-v1")));
            assertEquals(409, downgrade.statusCode(), downgrade.body());
            assertEquals("hello from 2.0.0", platform.send(platform.asAdmin("/hello")).body().strip());
            assertEquals(200, platform.send(platform.asAdmin("/health")).statusCode());
        }
    }

    // ------------------------------------------------------------------ helpers

    static HttpResponse<String> upload(PlatformProcess platform, byte[] jar) throws Exception {
        return platform.send(platform.asAdmin("/api/admin/modules?dryRun=true")
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofByteArray(jar)));
    }

    static HttpResponse<String> awaitUploadStatus(PlatformProcess platform, byte[] jar, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = upload(platform, jar);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + status + ", last answer " + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    static void awaitStatus(PlatformProcess platform, String path, int status, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = platform.send(platform.asAdmin(path)).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " answered " + last + " instead of " + status);
    }

    /** A resolvable bundle padded with incompressible bytes to the given size. */
    static byte[] bundleOfSize(int size) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "fr.datagrandest.test.large");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("padding.bin"));
            byte[] padding = new byte[size];
            new Random(1).nextBytes(padding);
            out.write(padding);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    static Map<String, String> env() {
        return Map.of("DGE_ADMIN_PASSWORD", PlatformProcess.ADMIN_PASSWORD);
    }
}
