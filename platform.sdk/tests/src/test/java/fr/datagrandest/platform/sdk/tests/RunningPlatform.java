package fr.datagrandest.platform.sdk.tests;

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
import java.util.concurrent.TimeUnit;

/** The built platform started by its launcher in its own process, as {@code ./dge run} does, on a free port. */
final class RunningPlatform implements AutoCloseable {

    static final String ADMIN_PASSWORD = "sdk-Admin-Password-2026";

    final Path data;
    final int port;
    final Path log;
    private final Process process;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningPlatform(Path data, int port, Path log, Process process) {
        this.data = data;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static Path distribution() {
        return Path.of(System.getProperty("dge.distribution", "../../platform.core/distribution/target/platform"))
                .toAbsolutePath().normalize();
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

    static RunningPlatform start(String profile, Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(data);
        Path log = data.resolveSibling(data.getFileName() + "-platform.log");
        List<String> command = List.of(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                launcherJar().toString(), "run", "--profile", profile, "--port", Integer.toString(port), "--data", data.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DGE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        RunningPlatform platform = new RunningPlatform(data, port, log, builder.start());
        platform.awaitHealthy(Duration.ofSeconds(90));
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
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
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

    HttpRequest.Builder asAdmin(String path) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120)).header("Authorization", "Basic " + basic);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)));
    }

    /** {@code dge modules ARGS} against this platform, run with the launcher jar as the ./dge script does. */
    CommandResult modules(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", launcherJar().toString(), "modules"));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", url("")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DGE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return CommandResult.run(builder, Duration.ofMinutes(3));
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
