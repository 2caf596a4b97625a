package fr.datagrandest.platform.e2e;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built platform, started by its launcher in a separate process, exactly as {@code ./dge run} does. */
final class PlatformProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "e2e-Admin-Password-2026";

    final Path data;
    final int port;
    final Path log;
    private final Process process;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PlatformProcess(Path data, int port, Path log, Process process) {
        this.data = data;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static Path distribution() {
        return Path.of(System.getProperty("dge.distribution", "../distribution/target/platform")).toAbsolutePath().normalize();
    }

    static Path launcherJar() throws IOException {
        try (var files = Files.list(distribution())) {
            return files.filter(p -> p.getFileName().toString().startsWith("platform.core.launcher-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no launcher in " + distribution() + ": build the distribution first"));
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static PlatformProcess start(String profile, Path data) throws Exception {
        return start(profile, data, freePort(), Map.of("DGE_ADMIN_PASSWORD", ADMIN_PASSWORD));
    }

    static PlatformProcess start(String profile, Path data, int port, Map<String, String> env) throws Exception {
        Files.createDirectories(data);
        Path log = data.resolveSibling(data.getFileName() + "-platform.log");
        List<String> command = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", launcherJar().toString(), "run", "--profile", profile, "--port", Integer.toString(port),
                "--data", data.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("DGE_ADMIN_PASSWORD");
        builder.environment().putAll(env);
        PlatformProcess platform = new PlatformProcess(data, port, log, builder.start());
        // A first start of profile all loads every plugin's demo data before /health says 200; on a loaded
        // 2-core machine that can pass a minute. The start-up targets are measured by bench/, not here.
        platform.awaitHealthy(Duration.ofSeconds(150));
        return platform;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void awaitHealthy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the platform exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the platform did not become healthy within " + timeout + ":\n" + logText());
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder asAdmin(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic("admin", ADMIN_PASSWORD));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Kills the process the hard way (SIGKILL), as a power cut or {@code kill -9} would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
