package fr.datagrandest.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal as a person uses it: headless Chromium (the system's, never a downloaded one) driven by the
 * scenarios of {@code src/test/browser/portal.mjs} against the platform started by its launcher (profile minimal;
 * profile all for the territories). Screenshots go to {@code target/screenshots}. Needs Node.js and Chromium
 * ({@code apt-get install -y chromium}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path SCENARIOS = MODULE.resolve("src/test/browser");
    private static final Path SCREENSHOTS = MODULE.resolve("target/screenshots");
    private static final Path CHROMIUM = Path.of(System.getProperty("dge.chromium", "/usr/bin/chromium"));

    @TempDir
    static Path work;
    private static PlatformProcess platform;

    @BeforeAll
    static void startPlatformAndBrowserTools() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("the browser tests need Chromium at " + CHROMIUM + ": install it (apt-get install -y chromium) or point -Ddge.chromium at it");
        }
        installScenarioDependencies();
        platform = PlatformProcess.start("minimal", work.resolve("data"));
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void frontPageIsFrenchByDefaultAndWorksWithoutAnyContribution() throws Exception {
        scenario("front-fr");
    }

    @Test
    @Order(2)
    void theLanguageSwitchGivesEnglishAndKeepsIt() throws Exception {
        scenario("front-en");
    }

    @Test
    @Order(3)
    void aWrongPasswordShowsTheFrenchError() throws Exception {
        scenario("login-wrong");
    }

    @Test
    @Order(4)
    void theAdministratorSignsInAndSeesTheModuleTable() throws Exception {
        scenario("admin");
    }

    @Test
    @Order(5)
    void aModuleUploadedThroughThePageAfterItsDryRunServes() throws Exception {
        HttpResponse<String> before = platform.send(platform.asAdmin("/hello").GET());
        assertEquals(404, before.statusCode(), "hello is not installed yet");

        scenario("upload");

        HttpResponse<String> hello = platform.send(platform.asAdmin("/hello").GET());
        assertEquals(200, hello.statusCode(), hello.body());
        assertEquals("hello from 1.0.0", hello.body().strip());
        HttpResponse<String> modules = platform.send(platform.asAdmin("/api/admin/modules").GET());
        assertTrue(modules.body().contains("\"symbolicName\":\"fr.datagrandest.test.hello\""), modules.body());
    }

    @Test
    @Order(6)
    void uninstallingFromThePageAsksFirstThenRemovesTheModule() throws Exception {
        scenario("uninstall");
        assertEquals(404, platform.send(platform.asAdmin("/hello").GET()).statusCode(), "hello is gone");
    }

    @Test
    @Order(7)
    void enteringByTerritoryFindsTheCommuneAndShowsHowItNests() throws Exception {
        // The "all" profile adds the territory service, which the minimal one lacks.
        try (PlatformProcess withTerritories = PlatformProcess.start("all", work.resolve("data-all"))) {
            scenario("territory", withTerritories);
        }
    }

    @Test
    @Order(8)
    void withoutTheSecurityModuleThePagesSayNobodyCanSignIn() throws Exception {
        Path minimal = PlatformProcess.distribution().resolve("profiles/minimal.bndrun");
        String withoutSecurity = Files.readString(minimal, StandardCharsets.UTF_8)
                .replaceAll("(?m)^\\s*fr\\.datagrandest\\.platform\\.core\\.security,\\s*\\\\\\R", "");
        assertTrue(!withoutSecurity.contains("platform.core.security"), "the profile still names the security module");
        Path profile = work.resolve("without-security.bndrun");
        Files.writeString(profile, withoutSecurity, StandardCharsets.UTF_8);
        try (PlatformProcess withoutIt = PlatformProcess.start(profile.toString(), work.resolve("data-without-security"))) {
            scenario("no-security", withoutIt);
        }
    }

    // ---------------------------------------------------------------- running the scenarios

    private static void scenario(String name) throws Exception {
        scenario(name, platform);
    }

    private static void scenario(String name, PlatformProcess target) throws Exception {
        Path helloJar = helloJar();
        Map<String, String> environment = Map.of(
                "DGE_BASE_URL", target.url(""),
                "DGE_SCREENSHOTS", SCREENSHOTS.toString(),
                "DGE_ADMIN_PASSWORD", PlatformProcess.ADMIN_PASSWORD,
                "DGE_CHROMIUM", CHROMIUM.toString(),
                "DGE_HELLO_JAR", helloJar.toString());
        Result result = run(List.of("node", "portal.mjs", name), environment, 180);
        System.out.println(result.output());
        assertEquals(0, result.exitCode(), "browser scenario " + name + " failed:\n" + result.output()
                + "\n--- platform log ---\n" + target.logText());
    }

    /** {@code npm ci} from the committed lock file, once; browsers are never downloaded (playwright-core has none). */
    private static void installScenarioDependencies() throws Exception {
        Path installed = SCENARIOS.resolve("node_modules/playwright-core/package.json");
        Path lock = SCENARIOS.resolve("package-lock.json");
        if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        Result result = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), 600);
        assertEquals(0, result.exitCode(), "npm ci failed in " + SCENARIOS + ":\n" + result.output());
    }

    private static Path helloJar() throws IOException {
        Path target = Path.of(System.getProperty("dge.testbundles", "../testbundles")).resolve("hello-v1/target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("testbundle\\.hello\\.v1-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("build the hello-v1 test bundle first: no jar in " + target));
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds) throws Exception {
        Path output = Files.createTempFile(work, "process-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(SCENARIOS.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
