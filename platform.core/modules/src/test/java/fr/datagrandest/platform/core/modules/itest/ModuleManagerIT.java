package fr.datagrandest.platform.core.modules.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The module manager inside a real Felix with the real Jetty whiteboard: deploy, update, refuse, dry run,
 * rollback, downgrade rules, stop/start, the recorded state, and an update under load without a failed request.
 * A test preprocessor stands in for the security bundle and signs every request in as a module administrator.
 */
@ExtendWith(BundleContextExtension.class)
class ModuleManagerIT {

    static final String HELLO = "fr.datagrandest.test.hello";
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectBundleContext
    BundleContext context;

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ServiceRegistration<Preprocessor> signIn;
    String base;

    @BeforeEach
    void signInAsModuleAdmin() throws Exception {
        signIn = context.registerService(Preprocessor.class, new ModuleAdminSignIn(), null);
        ServiceReference<HttpServiceRuntime> runtime = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0] : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        base = url.replace("0.0.0.0", "localhost").replaceAll("/$", "");
        awaitStatus("/api/admin/modules", 200);
    }

    @AfterEach
    void removeHelloAndSignOut() throws Exception {
        if (context.getBundles().length > 0 && java.util.Arrays.stream(context.getBundles()).anyMatch(b -> HELLO.equals(b.getSymbolicName()))) {
            assertEquals(200, send(request("/api/admin/modules/" + HELLO).DELETE()).statusCode());
        }
        signIn.unregister();
    }

    @Test
    void deployInstallsTheBundleAndItServes() throws Exception {
        HttpResponse<String> response = deploy("testbundle.hello.v1.jar", "");
        assertEquals(201, response.statusCode(), response.body());
        JsonNode result = JSON.readTree(response.body());
        assertEquals("installed", result.get("action").asText());
        assertEquals(sha256(testBundle("testbundle.hello.v1.jar")), result.get("sha256").asText());
        assertEquals("hello from 1.0.0", get("/hello").body().strip());

        JsonNode module = module(HELLO);
        assertEquals("1.0.0", module.get("version").asText());
        assertEquals("ACTIVE", module.get("state").asText());
        assertEquals("UP", module.get("health").asText());
        assertEquals("upload", module.get("source").asText());
    }

    @Test
    void deployingTheSameSymbolicNameUpdatesAndKeepsThePreviousVersion() throws Exception {
        deploy("testbundle.hello.v1.jar", "");
        HttpResponse<String> response = deploy("testbundle.hello.v2.jar", "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("updated", JSON.readTree(response.body()).get("action").asText());
        assertEquals("hello from 2.0.0", get("/hello").body().strip());

        JsonNode versions = JSON.readTree(send(request("/api/admin/modules/" + HELLO + "/versions").GET()).body());
        assertEquals("1.0.0", versions.get("previousVersions").get(0).get("version").asText());
    }

    @Test
    void aJarThatDoesNotResolveIsRefusedWithEveryMissingRequirementAndTheRunningVersionStays() throws Exception {
        deploy("testbundle.hello.v2.jar", "");
        HttpResponse<String> response = deploy("testbundle.hello.broken.jar", "");
        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = JSON.readTree(response.body());
        String missing = problem.get("missingRequirements").toString();
        assertEquals(3, problem.get("missingRequirements").size(), missing);
        assertTrue(missing.contains("org.example.missing.storage"), missing);
        assertTrue(missing.contains("org.example.missing.geometry"), missing);
        assertTrue(missing.contains("org.example.capability"), missing);
        assertEquals("hello from 2.0.0", get("/hello").body().strip());
        assertEquals("2.0.0", module(HELLO).get("version").asText());
    }

    @Test
    void aDryRunAnswersWithoutChangingAnything() throws Exception {
        deploy("testbundle.hello.v1.jar", "");
        HttpResponse<String> response = deploy("testbundle.hello.v2.jar", "?dryRun=true");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = JSON.readTree(response.body());
        assertTrue(result.get("dryRun").asBoolean());
        assertEquals("updated", result.get("action").asText());
        assertEquals("hello from 1.0.0", get("/hello").body().strip());

        HttpResponse<String> refused = deploy("testbundle.hello.broken.jar", "?dryRun=true");
        assertEquals(422, refused.statusCode());
        assertEquals("hello from 1.0.0", get("/hello").body().strip());
    }

    @Test
    void rollbackReturnsToThePreviousVersion() throws Exception {
        deploy("testbundle.hello.v1.jar", "");
        deploy("testbundle.hello.v2.jar", "");
        HttpResponse<String> response = send(request("/api/admin/modules/" + HELLO + "/rollback").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("hello from 1.0.0", get("/hello").body().strip());
        HttpResponse<String> nothingLeft = send(request("/api/admin/modules/" + HELLO + "/rollback").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(409, nothingLeft.statusCode(), nothingLeft.body());
    }

    @Test
    void aDowngradeNeedsForce() throws Exception {
        deploy("testbundle.hello.v2.jar", "");
        HttpResponse<String> refused = deploy("testbundle.hello.v1.jar", "");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("force"), refused.body());
        assertEquals("hello from 2.0.0", get("/hello").body().strip());
        HttpResponse<String> forced = deploy("testbundle.hello.v1.jar", "?force=true");
        assertEquals(200, forced.statusCode(), forced.body());
        assertEquals("downgraded", JSON.readTree(forced.body()).get("action").asText());
        assertEquals("hello from 1.0.0", get("/hello").body().strip());
    }

    @Test
    void badUploadsAreRefusedWithAMessage() throws Exception {
        HttpResponse<String> notAJar = send(request("").POST(HttpRequest.BodyPublishers.ofString("this is not a jar")));
        assertEquals(400, notAJar.statusCode());
        assertTrue(notAJar.body().contains("not a jar"), notAJar.body());

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            // an empty jar: a manifest without Bundle-SymbolicName
        }
        HttpResponse<String> noName = send(request("").POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
        assertEquals(400, noName.statusCode());
        assertTrue(noName.body().contains("Bundle-SymbolicName"), noName.body());

        HttpResponse<String> empty = send(request("").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(400, empty.statusCode());

        HttpResponse<String> unknown = send(request("/api/admin/modules/no.such.module/stop").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(404, unknown.statusCode());
        HttpResponse<String> traversal = send(request("/api/admin/modules/..%2F..%2Fetc/stop").POST(HttpRequest.BodyPublishers.noBody()));
        assertTrue(traversal.statusCode() >= 400 && traversal.statusCode() < 500, "status " + traversal.statusCode());
        HttpResponse<String> kernel = send(request("/api/admin/modules/org.apache.felix.scr/stop").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(409, kernel.statusCode(), kernel.body());
        assertTrue(kernel.body().contains("kernel"), kernel.body());
    }

    @Test
    void theDesiredStateIsRecordedForTheNextStart() throws Exception {
        deploy("testbundle.hello.v1.jar", "");
        deploy("testbundle.hello.v2.jar", "");
        send(request("/api/admin/modules/" + HELLO + "/stop").POST(HttpRequest.BodyPublishers.noBody()));
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(dataDir().resolve("modules/state.properties"))) {
            state.load(in);
        }
        String prefix = "module." + HELLO + ".";
        assertEquals(sha256(testBundle("testbundle.hello.v2.jar")) + ".jar", state.getProperty(prefix + "file"));
        assertEquals(sha256(testBundle("testbundle.hello.v1.jar")) + ".jar", state.getProperty(prefix + "history"));
        assertEquals("true", state.getProperty(prefix + "stopped"));
        assertTrue(Files.isRegularFile(dataDir().resolve("modules/store/" + state.getProperty(prefix + "file"))));
    }

    @Test
    void stopAndStart() throws Exception {
        deploy("testbundle.hello.v1.jar", "");
        assertEquals(200, send(request("/api/admin/modules/" + HELLO + "/stop").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(404, get("/hello").statusCode());
        assertEquals("STOPPED", module(HELLO).get("health").asText());
        assertEquals(200, send(request("/health").GET()).statusCode(), "a module an administrator stopped is not unhealthy");
        assertEquals(200, send(request("/api/admin/modules/" + HELLO + "/start").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals("hello from 1.0.0", get("/hello").body().strip());
    }

    @Test
    void updatesUnderLoadFailNoRequest() throws Exception {
        deploy("testbundle.hello.v1.jar", "");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> clients = java.util.stream.IntStream.range(0, 4).mapToObj(i -> Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = get("/hello");
                    sent.incrementAndGet();
                    if (r.statusCode() != 200) {
                        failures.merge("HTTP " + r.statusCode(), 1, Integer::sum);
                    } else {
                        seen.add(r.body().strip());
                    }
                } catch (Exception e) {
                    failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                }
            }
        })).toList();
        Thread.sleep(200);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, deploy("testbundle.hello.v2.jar", "").statusCode());
            Thread.sleep(100);
            assertEquals(200, deploy("testbundle.hello.v1.jar", "?force=true").statusCode());
            Thread.sleep(100);
        }
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }
        assertTrue(sent.get() > 100, "only " + sent.get() + " requests were sent");
        assertTrue(failures.isEmpty(), "failed requests during swaps: " + failures + " of " + sent.get());
        assertTrue(seen.containsAll(Set.of("hello from 1.0.0", "hello from 2.0.0")), "versions seen: " + seen);
    }

    // ------------------------------------------------------------------ helpers

    Path dataDir() {
        return Path.of(context.getProperty("dge.data"));
    }

    byte[] testBundle(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/testbundles/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test bundle " + name + " is not packaged with the tests");
            }
            return in.readAllBytes();
        }
    }

    HttpResponse<String> deploy(String jar, String query) throws Exception {
        return send(request(query.isEmpty() ? "" : query).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(testBundle(jar))));
    }

    JsonNode module(String bsn) throws Exception {
        HttpResponse<String> response = send(request("/api/admin/modules/" + bsn).GET());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    HttpRequest.Builder request(String pathOrQuery) {
        String path = pathOrQuery.startsWith("/") ? pathOrQuery : "/api/admin/modules" + pathOrQuery;
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    void awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError(path + " answered " + last + " instead of " + status);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Stands in for the security bundle: every request is a module administrator's. */
    static final class ModuleAdminSignIn implements Preprocessor, Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute(UserIdentity.REQUEST_ATTRIBUTE, new UserIdentity("itest", Set.of(Roles.MODULE_ADMIN), Set.of()));
            chain.doFilter(request, response);
        }
    }
}
