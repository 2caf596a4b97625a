package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The platform under test, seen from outside: its HTTP base, an administrator, real clients as processes. */
final class MapsPlatform {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final BundleContext context;

    MapsPlatform(BundleContext context) throws Exception {
        this.context = context;
        ServiceReference<HttpServiceRuntime> runtime = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        base = "http://127.0.0.1:" + URI.create(url.replace("%", "%25")).getPort();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> r = get("/maps/api/layers");
                if (r.statusCode() == 200 && JSON.readTree(r.body()).size() >= 3) {
                    return;
                }
            } catch (IOException e) {
                // not serving yet
            }
            Thread.sleep(200);
        }
        fail("the maps API did not list the demo layers within 60 s");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    BufferedImage image(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = getBytes(path);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        if (image == null) {
            fail("not an image: " + r.headers().firstValue("Content-Type").orElse("?"));
        }
        return image;
    }

    /** The first administrator's HTTP Basic credentials (the kernel writes the password to the data folder). */
    String admin() throws IOException {
        Path file = Path.of(context.getProperty("dge.data"), "initial-admin-password");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(file) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String password = Files.readString(file).trim();
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, byte[] body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a real client; its output, or a failure with the output when it does not exit 0. */
    static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish in 120 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }
}
