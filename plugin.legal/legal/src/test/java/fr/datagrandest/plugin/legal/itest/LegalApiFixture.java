package fr.datagrandest.plugin.legal.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
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

/** HTTP calls to the running platform, anonymous or as the first administrator (who may edit everything). */
final class LegalApiFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String adminAuthorization;

    LegalApiFixture(BundleContext context) throws Exception {
        ServiceReference<HttpServiceRuntime> runtime = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while (runtime == null && System.currentTimeMillis() < deadline) {
            runtime = context.getServiceReference(HttpServiceRuntime.class);
            if (runtime == null) {
                Thread.sleep(100);
            }
        }
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        // Jetty listens on every address; the first one advertised may be an IPv6 address with a zone id
        // (http://[fd00::2%eth0]:port), which a browser cannot open: every test speaks to localhost instead.
        base = "http://localhost:" + URI.create(url.replaceAll("%[^\\]]*\\]", "]")).getPort();
        Path passwordFile = Path.of(context.getProperty("dge.data"), "initial-admin-password");
        while (!Files.exists(passwordFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        String password = Files.readString(passwordFile).strip();
        adminAuthorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        awaitStatus("/legal/api/licences", 200);
        awaitStatus("/legal/api/documents", 200);
    }

    void awaitStatus(String path, int status) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            try {
                last = get(path).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException notYet) {
                // Jetty is still starting
            }
            Thread.sleep(200);
        }
        assertEquals(status, last, path + " did not answer " + status + " in time");
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path, boolean admin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (admin) {
            request.header("Authorization", adminAuthorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> getAsAdmin(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", adminAuthorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String json, boolean admin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (admin) {
            request.header("Authorization", adminAuthorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> postForBytes(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> upload(String path, byte[] content) throws IOException, InterruptedException {
        return upload(path, content, false);
    }

    /** With {@code expectContinue}, a server that refuses the upload answers before the body is sent. */
    HttpResponse<String> upload(String path, byte[] content, boolean expectContinue) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).expectContinue(expectContinue).POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .header("Content-Type", "application/octet-stream").header("Authorization", adminAuthorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
