package fr.datagrandest.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract between the kernel and the plugins, checked on the built platform for every plugin of the {@code all}
 * profile: they run together, each one stops and starts again without touching the others, and each one runs alone
 * on a host that deploys only it.
 */
class PluginsE2ETest {

    /** A plugin of profile {@code all}: its web path ({@code /catalog}) and the bundles its merged key lists. */
    record Plugin(String name, List<String> bundles) {
        String page() {
            return "/" + name;
        }

        /** The plugin's own bundles (its libraries may be shared with other plugins, so they are left running). */
        List<String> ownBundles() {
            return bundles.stream().filter(b -> b.startsWith("fr.datagrandest.plugin." + name)).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    Path temp;

    /** The plugins declared in the distribution's {@code all} profile, one merged {@code -runbundles.NAME} key each. */
    static List<Plugin> plugins() throws IOException {
        String profile = Files.readString(PlatformProcess.distribution().resolve("profiles").resolve("all.bndrun"))
                .replace("\\\n", " ");
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Matcher key = Pattern.compile("(?m)^-runbundles\\.([a-z]+):(.*)$").matcher(profile);
        while (key.find()) {
            if (key.group(1).equals("all")) {
                continue; // the kernel's own additions (territories)
            }
            List<String> bundles = new ArrayList<>();
            for (String clause : key.group(2).split(",")) {
                String bsn = clause.split(";")[0].trim();
                if (!bsn.isEmpty()) {
                    bundles.add(bsn);
                }
            }
            keys.put(key.group(1), bundles);
        }
        return keys.entrySet().stream().map(e -> new Plugin(e.getKey(), e.getValue())).toList();
    }

    @Test
    void everyPluginRunsBesideTheOthersAndStopsWithoutTouchingThem() throws Exception {
        List<Plugin> plugins = plugins();
        assertFalse(plugins.isEmpty(), "profile all declares no plugin");
        try (PlatformProcess platform = PlatformProcess.start("all", temp.resolve("data"))) {
            for (Plugin plugin : plugins) {
                assertFalse(plugin.ownBundles().isEmpty(), plugin + " lists none of its own bundles");
                assertFrenchPage(platform, plugin);
                // The portal leaves out of a page a contribution that does not answer in time (a plugin's first
                // call activates it while the demo data load): the entry must be there within a few page views.
                String navigation = "";
                for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end; Thread.sleep(500)) {
                    navigation = get(platform, "/api/portal/navigation?lang=fr").body();
                    if (navigation.contains("\"" + plugin.page() + "\"")) {
                        break;
                    }
                }
                assertTrue(navigation.contains("\"" + plugin.page() + "\""), plugin + " is not in the portal's navigation: " + navigation);
            }
            for (Plugin stopped : plugins) {
                for (String bundle : stopped.ownBundles()) {
                    HttpResponse<String> stop = platform.send(platform.asAdmin("/api/admin/modules/" + bundle + "/stop")
                            .POST(HttpRequest.BodyPublishers.noBody()));
                    assertEquals(200, stop.statusCode(), () -> "stopping " + bundle + ": " + stop.body() + "\n" + tail(platform));
                }
                HttpResponse<String> health = get(platform, "/health");
                assertEquals(200, health.statusCode(), "with " + stopped + " stopped: " + health.body());
                assertEquals(404, get(platform, stopped.page()).statusCode(), stopped + " still answers once stopped");
                for (Plugin other : plugins) {
                    if (other != stopped) {
                        assertFrenchPage(platform, other);
                    }
                }
                for (String bundle : stopped.ownBundles()) {
                    HttpResponse<String> start = platform.send(platform.asAdmin("/api/admin/modules/" + bundle + "/start")
                            .POST(HttpRequest.BodyPublishers.noBody()));
                    assertEquals(200, start.statusCode(), () -> "starting " + bundle + ": " + start.body() + "\n" + tail(platform));
                }
                platform.awaitHealthy(java.time.Duration.ofSeconds(150));
                assertFrenchPage(platform, stopped);
            }
        }
    }

    @ParameterizedTest(name = "{0} runs alone")
    @MethodSource("plugins")
    void aHostCanDeployOnlyThisPlugin(Plugin plugin) throws Exception {
        Path profile = temp.resolve(plugin.name() + ".profile");
        Files.writeString(profile, "# a host that deploys only " + plugin.name() + "\n" + String.join("\n", plugin.bundles()) + "\n");
        try (PlatformProcess platform = PlatformProcess.start(profile.toString(), temp.resolve("data-" + plugin.name()))) {
            assertFrenchPage(platform, plugin);
            String modules = platform.send(platform.asAdmin("/api/admin/modules")).body();
            for (Plugin other : plugins()) {
                if (!other.name().equals(plugin.name())) {
                    for (String bundle : other.ownBundles()) {
                        assertFalse(modules.contains("\"" + bundle + "\""), bundle + " came along with " + plugin);
                    }
                }
            }
        }
    }

    /** The end of the platform's log, where the reason of a refusal is. */
    private static String tail(PlatformProcess platform) {
        String log = platform.logText();
        return log.substring(Math.max(0, log.length() - 6000));
    }

    private static void assertFrenchPage(PlatformProcess platform, Plugin plugin) throws Exception {
        HttpResponse<String> page = get(platform, plugin.page());
        assertEquals(200, page.statusCode(), () -> plugin.page() + ": " + page.body() + "\n" + tail(platform));
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), plugin.page());
        assertTrue(page.body().contains("lang=\"fr\""), plugin.page() + " is not a French page");
    }

    /** A browser's GET: redirects followed ({@code /catalog} may lead to {@code /catalog/}). */
    private static HttpResponse<String> get(PlatformProcess platform, String path) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(platform.url(path))).header("Accept-Language", "fr")
                .timeout(java.time.Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final java.net.http.HttpClient BROWSER = java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
}
