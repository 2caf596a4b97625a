package fr.datagrandest.platform.sdk.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Catalogue de modules" tab of the admin page in the system's Chromium (Debian package chromium, driven by
 * playwright-core from src/test/browser): the published repository and one that is down, the dry-run plan of an
 * installation, then the installation. Needs node/npm and chromium: it fails without them.
 */
class CatalogPageBrowserTest {

    static final Path SCENARIOS = Path.of("src/test/browser").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("DGE_CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path temp;

    @Test
    void theCatalogueShowsThePlanThenInstalls() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "chromium is needed (apt-get install chromium): " + CHROMIUM);
        if (!Files.exists(SCENARIOS.resolve("node_modules/playwright-core/package.json"))) {
            ProcessBuilder npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCENARIOS.toFile());
            npm.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            CommandResult installed = CommandResult.run(npm, Duration.ofMinutes(10));
            assertEquals(0, installed.exitCode(), "npm ci failed:\n" + installed.tail());
        }
        Path published = Path.of(System.getProperty("dge.repository", "../repository/target/repository")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(published.resolve("index.xml")), "the build publishes " + published.resolve("index.xml"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String down = "http://localhost:" + closed + "/index.xml";
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("conf"));
        Files.writeString(data.resolve("conf/fr.datagrandest.platform.modules.cfg"), "repositories = " + published + ", " + down + "\n");
        try (RunningPlatform platform = RunningPlatform.start("minimal", data)) {
            ProcessBuilder node = new ProcessBuilder(List.of("node", "catalog.mjs")).directory(SCENARIOS.toFile());
            node.environment().put("DGE_BASE_URL", platform.url(""));
            node.environment().put("DGE_ADMIN_PASSWORD", RunningPlatform.ADMIN_PASSWORD);
            node.environment().put("DGE_CHROMIUM", CHROMIUM.toString());
            node.environment().put("DGE_SCREENSHOTS", Path.of("target/screenshots").toAbsolutePath().toString());
            node.environment().put("DGE_DOWN_REPOSITORY", down);
            CommandResult result = CommandResult.run(node, Duration.ofMinutes(5));
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("ok - after the installation the catalogue shows the module running"), result.output());
        }
    }
}
