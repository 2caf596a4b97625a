package fr.datagrandest.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updating a plugin under a steady load fails no request, neither for that plugin nor for the others: a plain
 * servlet-whiteboard bundle and a Jakarta REST whiteboard bundle, each swapped back and forth while clients
 * keep calling both and the kernel.
 */
class HotSwapUnderLoadE2ETest {

    @TempDir
    Path temp;

    record Target(String path, Map<String, Integer> failures, Set<String> bodies, AtomicInteger sent) {
        Target(String path) {
            this(path, new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(), new AtomicInteger());
        }
    }

    @Test
    void swappingServletAndRestPluginsFailsNoRequest() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start("rest", temp.resolve("data"))) {
            deploy(platform, "hello-v1", "");
            deploy(platform, "hello-rest", "");
            List<Target> targets = List.of(new Target("/hello"), new Target("/rest/hello-rest"), new Target("/health"));
            AtomicBoolean running = new AtomicBoolean(true);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Thread> clients = targets.stream().flatMap(t -> java.util.stream.Stream.of(t, t)).map(target -> Thread.ofPlatform().start(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(platform.url(target.path()))).timeout(Duration.ofSeconds(30)).build();
                while (running.get()) {
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        target.sent().incrementAndGet();
                        if (response.statusCode() != 200) {
                            target.failures().merge("HTTP " + response.statusCode(), 1, Integer::sum);
                        } else if (!target.path().equals("/health")) {
                            target.bodies().add(response.body().strip());
                        }
                    } catch (Exception e) {
                        target.failures().merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    }
                }
            })).toList();
            Thread.sleep(300);
            for (int i = 0; i < 2; i++) {
                deploy(platform, "hello-rest-v2", "");
                deploy(platform, "hello-v2", "");
                Thread.sleep(150);
                deploy(platform, "hello-rest", "?force=true");
                deploy(platform, "hello-v1", "?force=true");
                Thread.sleep(150);
            }
            running.set(false);
            for (Thread thread : clients) {
                thread.join();
            }
            for (Target target : targets) {
                assertTrue(target.sent().get() > 20, target.path() + ": only " + target.sent().get() + " requests");
                assertTrue(target.failures().isEmpty(), target.path() + ": failed requests " + target.failures() + " of " + target.sent());
            }
            assertTrue(targets.get(0).bodies().containsAll(Set.of("hello from 1.0.0", "hello from 2.0.0")), "seen " + targets.get(0).bodies());
            assertTrue(targets.get(1).bodies().stream().anyMatch(b -> b.contains("\"2.0.0\""))
                    && targets.get(1).bodies().stream().anyMatch(b -> b.contains("\"1.0.0\"")), "seen " + targets.get(1).bodies());
        }
    }

    static void deploy(PlatformProcess platform, String module, String query) throws Exception {
        HttpResponse<String> response = platform.send(ModuleAdministrationE2ETest.jar(
                platform.asAdmin("/api/admin/modules" + query), ModuleAdministrationE2ETest.testBundle(module)));
        assertTrue(response.statusCode() == 200 || response.statusCode() == 201, module + ": " + response.statusCode() + " " + response.body());
    }
}
