package fr.datagrandest.platform.sdk.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a partner does with the SDK, end to end: generate a plugin from the template, build it with
 * {@code mvn verify} (its own in-framework test included), deploy it with {@code dge modules deploy} into a
 * started platform, call its API, release a second version and update to it while clients keep calling (no
 * failed request, the data kept), then remove it.
 */
class PluginTemplateE2ETest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BSN = "fr.example.eau.eau-notes";

    @TempDir
    Path temp;

    @Test
    void aGeneratedPluginBuildsDeploysUpdatesUnderLoadAndGoesAway() throws Exception {
        Path repository = Path.of(System.getProperty("dge.maven.repository", System.getProperty("user.home") + "/.m2/repository"));
        Path api = repository.resolve("fr/datagrandest/platform.api/" + Maven.platformVersion());
        assertTrue(Files.isDirectory(api), "platform.api " + Maven.platformVersion()
                + " is not in the local Maven repository: install the platform first (./dge build)");

        Maven.installTemplate(temp);
        CommandResult generated = Maven.run(temp, "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
                "-DarchetypeGroupId=fr.datagrandest", "-DarchetypeArtifactId=platform.sdk.archetype",
                "-DarchetypeVersion=" + Maven.platformVersion(), "-DgroupId=fr.example.eau", "-DartifactId=eau-notes",
                "-Dversion=1.0.0", "-Dpackage=fr.example.eau.notes", "-DpluginName=eau", "-DpluginTitle=Notes sur l'eau");
        assertEquals(0, generated.exitCode(), generated.tail());
        Path project = temp.resolve("eau-notes");
        for (String file : List.of("pom.xml", "bnd.bnd", "itest.bndrun", "README.md",
                "src/main/resources/db/migration/V1__create_notes.sql", "src/test/java/fr/example/eau/notes/NotesIT.java")) {
            assertTrue(Files.isRegularFile(project.resolve(file)), "generated " + file);
        }
        assertTrue(!Files.readString(project.resolve("pom.xml")).contains("<parent>"), "the plugin has no parent pom");

        CommandResult built = Maven.run(project, "verify");
        assertEquals(0, built.exitCode(), built.tail());
        assertTrue(built.output().contains("BUILD SUCCESS"), built.tail());
        Path report = project.resolve("target/test-reports/itest/TEST-" + BSN + "-tests-1.0.0.xml");
        assertTrue(Files.readString(report).contains("tests=\"5\""), "the plugin's own in-framework tests ran: " + report);
        Path v1 = Files.copy(project.resolve("target/eau-notes-1.0.0.jar"), temp.resolve("eau-notes-1.0.0.jar"));

        // The partner releases 1.1.0: a new version number (and a second migration) is all it takes.
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replaceFirst("<version>1.0.0</version>", "<version>1.1.0</version>"));
        Files.writeString(project.resolve("src/main/resources/db/migration/V2__note_author.sql"),
                "ALTER TABLE note ADD COLUMN author VARCHAR(100);\n");
        CommandResult rebuilt = Maven.run(project, "package", "-DskipTests");
        assertEquals(0, rebuilt.exitCode(), rebuilt.tail());
        Path v2 = project.resolve("target/eau-notes-1.1.0.jar");

        try (RunningPlatform platform = RunningPlatform.start("rest", temp.resolve("data"))) {
            CommandResult dryRun = platform.modules("dry-run", v1.toString());
            assertEquals(0, dryRun.exitCode(), dryRun.output());
            CommandResult deployed = platform.modules("deploy", v1.toString());
            assertEquals(0, deployed.exitCode(), deployed.output());
            awaitStatus(platform, "/eau/api/about", 200);
            assertEquals("1.0.0", JSON.readTree(platform.get("/eau/api/about").body()).get("version").asText());

            HttpResponse<String> created = platform.send(HttpRequest.newBuilder(URI.create(platform.url("/eau/api/notes")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Crue de la Moselle\",\"body\":\"relevés du 12 mars\"}")));
            assertEquals(201, created.statusCode(), created.body());
            HttpResponse<String> refused = platform.send(HttpRequest.newBuilder(URI.create(platform.url("/eau/api/notes")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"x\"}")));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("a note needs a title"), refused.body());
            JsonNode health = JSON.readTree(platform.get("/health").body());
            assertTrue(health.toString().contains(BSN), "the plugin reports its health: " + health);

            updateUnderLoad(platform, v2);

            HttpResponse<String> notes = platform.get("/eau/api/notes");
            assertEquals(200, notes.statusCode(), notes.body());
            assertTrue(notes.body().contains("Crue de la Moselle"), "the notes survive the update: " + notes.body());

            CommandResult removed = platform.modules("uninstall", BSN);
            assertEquals(0, removed.exitCode(), removed.output());
            awaitStatus(platform, "/eau/api/about", 404);
            CommandResult list = platform.modules("list");
            assertTrue(list.output().lines().noneMatch(l -> l.startsWith(BSN)), list.output());
            assertEquals(200, platform.get("/health").statusCode(), "the platform stays healthy without the plugin");
        }
    }

    /** Deploys {@code jar} through the REST API while four clients call the plugin: none may fail. */
    static void updateUnderLoad(RunningPlatform platform, Path jar) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Thread> clients = new ArrayList<>();
        for (String path : List.of("/eau/api/about", "/eau/api/about", "/eau/api/notes", "/eau/api/notes")) {
            clients.add(Thread.ofPlatform().start(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(platform.url(path))).timeout(Duration.ofSeconds(30)).build();
                while (running.get()) {
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        sent.incrementAndGet();
                        if (response.statusCode() != 200) {
                            failures.merge(path + " HTTP " + response.statusCode(), 1, Integer::sum);
                        } else if (path.endsWith("about")) {
                            versions.add(JSON.readTree(response.body()).get("version").asText());
                        }
                    } catch (Exception e) {
                        failures.merge(path + " " + e.getClass().getSimpleName(), 1, Integer::sum);
                    }
                }
            }));
        }
        try {
            Thread.sleep(500);
            HttpResponse<String> updated = platform.send(platform.asAdmin("/api/admin/modules")
                    .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofFile(jar)));
            assertEquals(200, updated.statusCode(), updated.body());
            assertTrue(updated.body().contains("1.1.0"), updated.body());
            Thread.sleep(1000);
        } finally {
            running.set(false);
            for (Thread thread : clients) {
                thread.join();
            }
        }
        assertTrue(sent.get() > 40, "only " + sent.get() + " requests");
        assertTrue(failures.isEmpty(), "failed requests during the update: " + failures + " of " + sent.get());
        assertTrue(versions.containsAll(Set.of("1.0.0", "1.1.0")), "versions seen: " + versions);
    }

    static void awaitStatus(RunningPlatform platform, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = platform.get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " answers " + last + ", not " + status + "\n" + platform.logText());
    }
}
