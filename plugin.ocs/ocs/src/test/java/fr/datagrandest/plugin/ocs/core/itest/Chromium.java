package fr.datagrandest.plugin.ocs.core.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The system's headless Chromium driven over the DevTools protocol from inside the test framework (no driver, no
 * node): navigate, type, click, evaluate, wait, take screenshots, and collect the script errors and refused
 * resources of the page (the same helper as the other plugins' browser tests). Chromium is {@code /usr/bin/chromium} (Debian package chromium) or {@code $DGE_CHROMIUM}.
 *
 * <p>Pages must be addressed as {@code localhost}: the endpoint the HTTP runtime advertises first may be an IPv6
 * address with a zone id ({@code http://[fd00::2%eth0]:port}), which Java's HTTP client accepts but a URL in a
 * browser cannot hold, so Chromium aborts every navigation to it ({@code net::ERR_ABORTED}).
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("DGE_CHROMIUM", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Script errors and console errors of the pages (a CSP refusal is one), in order. */
    final List<String> problems = new ArrayList<>();

    Chromium(Path logDirectory) throws Exception {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("the browser tests need Chromium at " + EXECUTABLE
                    + " (apt-get install chromium) or DGE_CHROMIUM pointing at it");
        }
        profile = Files.createTempDirectory("ocs-chromium-");
        Files.createDirectories(logDirectory);
        // A fresh profile, no sandbox (tests may run as root in containers), and the DevTools port chosen by
        // Chromium and written to DevToolsActivePort in the profile.
        process = new ProcessBuilder(EXECUTABLE.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,900",
                "--lang=fr-FR", "about:blank")
                .redirectErrorStream(true).redirectOutput(logDirectory.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Chromium did not start; see " + logDirectory.resolve("chromium.log"));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                page = target.get("webSocketDebuggerUrl").asText();
            }
        }
        if (page == null) {
            close();
            throw new IllegalStateException("Chromium opened no page: " + targets);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(10, TimeUnit.SECONDS);
        call("Page.enable", null);
        call("Runtime.enable", null);
        call("Log.enable", null);
    }

    /** Receives the protocol's answers and events; a message may come in several frames. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    received(JSON.readTree(text));
                } catch (IOException e) {
                    problems.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        synchronized (problems) {
            switch (message.path("method").asText()) {
                case "Runtime.exceptionThrown" -> problems.add("script error: "
                        + params.path("exceptionDetails").path("exception").path("description").asText(params.path("exceptionDetails").path("text").asText()));
                case "Runtime.consoleAPICalled" -> {
                    if ("error".equals(params.path("type").asText())) {
                        problems.add("console error: " + params.path("args").toString());
                    }
                }
                // A refused HTTP answer the page expects (a 400 it shows) is logged by the network; anything else is a problem.
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    if ("error".equals(entry.path("level").asText()) && !"network".equals(entry.path("source").asText())) {
                        problems.add(entry.path("source").asText() + ": " + entry.path("text").asText());
                    }
                }
                default -> { }
            }
        }
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            message.set("params", JSON.valueToTree(params));
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Opens the page and waits until it and its scripts are loaded; a navigation error (net::…) fails. */
    void open(String url) throws Exception {
        JsonNode result = call("Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("Chromium could not open " + url + ": " + result.get("errorText").asText());
        }
        waitFor("document.readyState === 'complete'", "the page " + url + " loads");
    }

    /** The value of a JavaScript expression in the page (a promise is awaited). */
    JsonNode eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page could not evaluate " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    String text(String selector) throws Exception {
        return eval("(function () { var e = document.querySelector(" + quote(selector) + "); return e ? e.innerText : null; })()").asText("");
    }

    /** Waits until the expression is true in the page, or fails saying what was awaited. */
    void waitFor(String expression, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (eval("!!(" + expression + ")").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("in " + WAIT.toSeconds() + " s, never: " + what + " (" + expression + ")");
    }

    /** Focuses a field and types text into it as a keyboard would (input events included). */
    void type(String selector, String text) throws Exception {
        eval("(function () { var e = document.querySelector(" + quote(selector) + "); e.focus(); e.select && e.select(); })()");
        call("Input.insertText", Map.of("text", text));
    }

    /** Clicks the element at its place on the screen, so a hidden or covered element cannot be clicked. */
    void click(String selector) throws Exception {
        JsonNode box = eval("(function () { var e = document.querySelector(" + quote(selector) + "); e.scrollIntoView({block: 'center'});"
                + " var r = e.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        double x = box.get("x").asDouble();
        double y = box.get("y").asDouble();
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
        }
    }

    /** Clicks at a point of the page's viewport, as a user's mouse would. */
    void clickAt(double x, double y) throws Exception {
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
        }
    }

    /** Puts a file in a file input, as a user choosing it would. */
    void chooseFile(String selector, Path file) throws Exception {
        JsonNode root = call("DOM.getDocument", Map.of("depth", 0)).path("root");
        int node = call("DOM.querySelector", Map.of("nodeId", root.path("nodeId").asInt(), "selector", selector))
                .path("nodeId").asInt();
        call("DOM.setFileInputFiles", Map.of("nodeId", node, "files", List.of(file.toAbsolutePath().toString())));
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.abort();
        }
        // Chromium's helper processes may still write to the profile after the main one ends: all are waited for
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        // a file that vanished while the folder was walked is not an error
        Files.walkFileTree(profile, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                file.toFile().delete();
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) {
                dir.toFile().delete();
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }
}
