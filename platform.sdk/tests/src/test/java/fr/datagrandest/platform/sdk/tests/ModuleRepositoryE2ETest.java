package fr.datagrandest.platform.sdk.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The module repository end to end: the index the build publishes for every bundle of the distribution is
 * configured in a minimal platform next to a repository that is down, one whose index is not one and one with
 * bad offers; the platform lists what can be installed and what is newer, installs the whole REST layer by
 * resolution after a dry run, and refuses a checksum mismatch, an unsatisfiable range and an update that would
 * break running modules, changing nothing.
 */
class ModuleRepositoryE2ETest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String REST = "fr.datagrandest.platform.core.rest";

    @TempDir
    Path temp;

    @Test
    void modulesAreListedInstalledByResolutionAndBadOffersChangeNothing() throws Exception {
        Path published = Path.of(System.getProperty("dge.repository", "../repository/target/repository")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(published.resolve("index.xml")), "the build publishes " + published.resolve("index.xml"));
        String index = Files.readString(published.resolve("index.xml"));
        for (String expected : List.of("<attribute name=\"osgi.identity\" value=\"" + REST + "\"/>", "name=\"description\"",
                "name=\"license\"", "namespace=\"osgi.content\"", "namespace=\"osgi.wiring.package\"")) {
            assertTrue(index.contains(expected), "the published index has " + expected);
        }

        Path notAnIndex = Files.createDirectories(temp.resolve("not-an-index"));
        Files.writeString(notAnIndex.resolve("index.xml"), "<html><body><h1>Maintenance</h1></body></html>");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String down = "http://localhost:" + closed + "/modules/index.xml";
        Path bad = Files.createDirectories(temp.resolve("bad-offers"));
        Path someJar = Files.list(published.resolve("bundles")).filter(p -> p.getFileName().toString().startsWith("jakarta.activation")).findFirst().orElseThrow();
        Files.writeString(bad.resolve("index.xml"), badOffers(someJar));

        // The published repository served over HTTP, as a provider would host it.
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("localhost", 0), 0);
        server.createContext("/modules/", exchange -> {
            Path file = published.resolve(exchange.getRequestURI().getPath().substring("/modules/".length())).normalize();
            if (!file.startsWith(published) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.start();
        String hosted = "http://localhost:" + server.getAddress().getPort() + "/modules/index.xml";

        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("conf"));
        Files.writeString(data.resolve("conf/fr.datagrandest.platform.modules.cfg"),
                "repositories = " + String.join(", ", hosted, notAnIndex.toString(), down, bad.toString()) + "\n");

        try (RunningPlatform platform = RunningPlatform.start("minimal", data)) {
            // What the repositories offer, what runs, what is newer; the two broken repositories say why.
            JsonNode available = JSON.readTree(platform.send(platform.asAdmin("/api/admin/modules/available")).body());
            JsonNode repositories = available.get("repositories");
            assertEquals(4, repositories.size(), available.toString());
            assertTrue(repositories.get(0).get("available").asBoolean(), repositories.toString());
            assertEquals(hosted, repositories.get(0).get("location").asText());
            assertTrue(repositories.get(1).get("problem").asText().contains("not a valid OSGi repository index"), repositories.toString());
            assertTrue(repositories.get(2).get("problem").asText().contains("connection refused"), repositories.toString());
            JsonNode rest = module(available, REST);
            assertEquals("", rest.get("installedVersion").asText());
            assertFalse(rest.get("description").asText().isBlank());
            assertTrue(rest.get("license").asText().startsWith("EUPL-1.2"), rest.toString());
            JsonNode api = module(available, "fr.datagrandest.platform.api");
            assertTrue(api.get("newer").asBoolean(), "2.0.0 is offered, newer than what runs: " + api);
            CommandResult listed = platform.modules("available");
            assertEquals(0, listed.exitCode(), listed.output());
            assertTrue(listed.output().contains(down + ": UNAVAILABLE"), listed.output());
            assertTrue(listed.output().lines().anyMatch(l -> l.startsWith("fr.datagrandest.platform.api") && l.contains("newer available")), listed.output());

            List<String> before = running(platform);
            assertFalse(before.contains("org.eclipse.osgitech.rest"));

            // Dry run: the complete list, nothing installed.
            CommandResult dryRun = platform.modules("install", REST, "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.output());
            for (String needed : List.of("install org.eclipse.osgitech.rest 1.2.2", "install org.glassfish.jersey.core.jersey-server",
                    "install jakarta.ws.rs-api", "install org.glassfish.jersey.inject.jersey-hk2", "install " + REST)) {
                assertTrue(dryRun.output().contains(needed), needed + " in\n" + dryRun.output());
            }
            assertEquals(before, running(platform), "a dry run changes nothing");

            // Bad offers: refused with the reason, nothing changes.
            HttpResponse<String> tampered = install(platform, "org.example.tampered", "");
            assertEquals(422, tampered.statusCode(), tampered.body());
            assertTrue(tampered.body().contains("checksum mismatch for org.example.tampered 1.0.0"), tampered.body());
            HttpResponse<String> unsatisfiable = install(platform, "org.example.needs.api9", "");
            assertEquals(409, unsatisfiable.statusCode(), unsatisfiable.body());
            assertTrue(unsatisfiable.body().contains("fr.datagrandest.platform.api.health")
                    && unsatisfiable.body().contains("neither the running platform nor the repositories provide"), unsatisfiable.body());
            HttpResponse<String> breaking = install(platform, "fr.datagrandest.platform.api", "&version=2.0.0");
            assertEquals(409, breaking.statusCode(), breaking.body());
            assertTrue(breaking.body().contains("would break fr.datagrandest.platform.core."), breaking.body());
            HttpResponse<String> unknown = install(platform, "org.example.nowhere", "");
            assertEquals(409, unknown.statusCode(), unknown.body());
            assertTrue(unknown.body().contains("no configured repository offers org.example.nowhere"), unknown.body());
            assertEquals(before, running(platform), "refusals change nothing");
            assertEquals(200, platform.get("/health").statusCode());

            // Install by resolution: one call brings the REST layer and what it needs, and it serves.
            CommandResult installed = platform.modules("install", REST);
            assertEquals(0, installed.exitCode(), installed.output());
            List<String> after = running(platform);
            assertTrue(after.containsAll(List.of(REST, "org.eclipse.osgitech.rest", "org.glassfish.jersey.core.jersey-server")), after.toString());
            awaitStatus(platform, "/rest/no-such-resource", 404);
            assertTrue(platform.get("/rest/no-such-resource").body().contains("\"status\":404"), "the REST layer answers problem details");
            platform.awaitHealthy(java.time.Duration.ofSeconds(30));
            JsonNode again = module(JSON.readTree(platform.send(platform.asAdmin("/api/admin/modules/available")).body()), REST);
            assertEquals("1.0.0.SNAPSHOT", again.get("installedVersion").asText());

            // Removing a library others use warns first.
            CommandResult warning = platform.modules("uninstall", "jakarta.ws.rs-api", "--dry-run");
            assertEquals(0, warning.exitCode(), warning.output());
            assertTrue(warning.output().contains("affects the modules that use it") && warning.output().contains("org.eclipse.osgitech.rest"),
                    warning.output());
            assertTrue(running(platform).contains("jakarta.ws.rs-api"), "a dry run removes nothing");
        } finally {
            server.stop(0);
        }
    }

    static HttpResponse<String> install(RunningPlatform platform, String bsn, String query) throws Exception {
        return platform.send(platform.asAdmin("/api/admin/modules/available/" + bsn + "/install?dryRun=false" + query)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode module(JsonNode available, String bsn) {
        for (JsonNode m : available.get("modules")) {
            if (m.get("symbolicName").asText().equals(bsn)) {
                return m;
            }
        }
        throw new AssertionError(bsn + " is not listed: " + available);
    }

    static List<String> running(RunningPlatform platform) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode m : JSON.readTree(platform.send(platform.asAdmin("/api/admin/modules")).body()).get("modules")) {
            names.add(m.get("symbolicName").asText());
        }
        names.sort(null);
        return names;
    }

    static void awaitStatus(RunningPlatform platform, String path, int status) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = platform.get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " answers " + last + ", not " + status);
    }

    /** A repository with offers that must be refused: a wrong checksum, a range nothing meets, a breaking update. */
    static String badOffers(Path someJar) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <repository xmlns="http://www.osgi.org/xmlns/repository/v1.0.0" name="bad offers">
                  <resource>
                    <capability namespace="osgi.identity">
                      <attribute name="osgi.identity" value="org.example.tampered"/>
                      <attribute name="type" value="osgi.bundle"/>
                      <attribute name="version" type="Version" value="1.0.0"/>
                    </capability>
                    <capability namespace="osgi.content">
                      <attribute name="osgi.content" value="%s"/>
                      <attribute name="url" value="%s"/>
                    </capability>
                  </resource>
                  <resource>
                    <capability namespace="osgi.identity">
                      <attribute name="osgi.identity" value="org.example.needs.api9"/>
                      <attribute name="type" value="osgi.bundle"/>
                      <attribute name="version" type="Version" value="1.0.0"/>
                    </capability>
                    <capability namespace="osgi.content">
                      <attribute name="osgi.content" value="%s"/>
                      <attribute name="url" value="needs-api9.jar"/>
                    </capability>
                    <requirement namespace="osgi.wiring.package">
                      <directive name="filter" value="(&amp;(osgi.wiring.package=fr.datagrandest.platform.api.health)(version&gt;=9.0.0)(!(version&gt;=10.0.0)))"/>
                    </requirement>
                  </resource>
                  <resource>
                    <capability namespace="osgi.identity">
                      <attribute name="osgi.identity" value="fr.datagrandest.platform.api"/>
                      <attribute name="type" value="osgi.bundle"/>
                      <attribute name="version" type="Version" value="2.0.0"/>
                    </capability>
                    <capability namespace="osgi.content">
                      <attribute name="osgi.content" value="%s"/>
                      <attribute name="url" value="platform.api-2.0.0.jar"/>
                    </capability>
                    <capability namespace="osgi.wiring.package">
                      <attribute name="osgi.wiring.package" value="fr.datagrandest.platform.api.health"/>
                      <attribute name="version" type="Version" value="2.0.0"/>
                    </capability>
                  </resource>
                </repository>
                """.formatted("0".repeat(64), someJar.toUri(), "1".repeat(64), "2".repeat(64));
    }
}
