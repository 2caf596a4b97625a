package fr.datagrandest.plugin.catalog.core;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The platform the in-framework tests run in: its HTTP address, the administrator's credentials, and waits. */
final class RunningPlatform {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String adminAuthorization;
    final String adminPassword;

    RunningPlatform(BundleContext context) throws Exception {
        ServiceReference<HttpServiceRuntime> runtime = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while ((runtime = context.getServiceReference(HttpServiceRuntime.class)) == null
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        base = "http://localhost:" + URI.create(url).getPort();
        Path passwordFile = Path.of(context.getProperty("dge.data"), "initial-admin-password");
        while (!Files.exists(passwordFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        String password = Files.readString(passwordFile).strip();
        adminPassword = password;
        adminAuthorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        // the catalogue is ready once its status says so (demo content loaded into an empty catalogue)
        while (System.currentTimeMillis() < deadline + 90_000) {
            try {
                HttpResponse<String> status = get("/catalog/api/status");
                if (status.statusCode() == 200 && JSON.readTree(status.body()).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                // Jetty not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the catalogue did not become ready");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, boolean asAdmin) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (asAdmin) {
            b.header("Authorization", adminAuthorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", adminAuthorization)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
