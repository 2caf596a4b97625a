package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
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

/**
 * {@code dge modules …}: a thin client of the admin REST API of a running platform. It asks for plain text,
 * which the API answers with readable tables and messages.
 */
final class ModulesCommand {

    static final String USAGE = """
            Usage: dge modules <action> [arguments] [--url URL] [--data DIR]

            Actions:
              list                    the installed modules: name, version, state, health, source, SHA-256
              deploy JAR [--force]    install a bundle, or update the module with the same symbolic name
                                      (--force allows a downgrade)
              dry-run JAR             say whether JAR would resolve and what it would change, change nothing
              start BSN | stop BSN    start or stop a module
              rollback BSN            go back to the previous version of a module
              uninstall BSN [--dry-run]
                                      remove a module (--dry-run: which modules use it)
              available               what the configured repositories offer, in which versions, and
                                      what is newer than what runs
              install BSN [--version V] [--dry-run]
                                      install a module from the repositories with everything it needs
                                      (--dry-run: the complete list of what would be added or changed)
              versions BSN            the versions kept for rollback
              audit                   the latest administrative actions

            The platform is http://localhost:8080 unless --url or DGE_URL says otherwise.
            Credentials: DGE_TOKEN (an API token), or DGE_USER and DGE_PASSWORD; by default user 'admin' with
            DGE_ADMIN_PASSWORD or the password in DATA/initial-admin-password.
            """;

    private final PrintStream out;
    private final PrintStream err;

    ModulesCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        List<String> positional = new ArrayList<>();
        String url = System.getenv().getOrDefault("DGE_URL", "http://localhost:8080");
        Path data = Path.of("data");
        boolean force = false;
        boolean dryRun = false;
        String version = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--url" -> url = value(args, ++i, "--url");
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--force" -> force = true;
                case "--dry-run" -> dryRun = true;
                case "--version" -> version = value(args, ++i, "--version");
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> positional.add(args.get(i));
            }
        }
        if (positional.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        String base = url.replaceAll("/+$", "") + "/api/admin";
        String action = positional.get(0);
        HttpRequest.Builder request = switch (action) {
            case "list" -> get(base + "/modules");
            case "audit" -> get(base + "/audit");
            case "versions" -> get(base + "/modules/" + encode(argument(positional, "versions BSN")) + "/versions");
            case "deploy", "dry-run" -> {
                Path jar = Path.of(argument(positional, action + " JAR"));
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException("no such file: " + jar);
                }
                String query = "?dryRun=" + action.equals("dry-run") + (force ? "&force=true" : "");
                yield request(base + "/modules" + query)
                        .header("Content-Type", "application/java-archive")
                        .header("X-File-Name", jar.getFileName().toString())
                        .POST(HttpRequest.BodyPublishers.ofFile(jar));
            }
            case "start", "stop", "rollback" -> request(base + "/modules/" + encode(argument(positional, action + " BSN"))
                    + "/" + action + (force ? "?force=true" : "")).POST(HttpRequest.BodyPublishers.noBody());
            case "uninstall" -> request(base + "/modules/" + encode(argument(positional, "uninstall BSN"))
                    + (dryRun ? "?dryRun=true" : "")).DELETE();
            case "available" -> get(base + "/modules/available");
            case "install" -> request(base + "/modules/available/" + encode(argument(positional, "install BSN")) + "/install"
                    + "?dryRun=" + dryRun + (version == null ? "" : "&version=" + encode(version)))
                    .POST(HttpRequest.BodyPublishers.noBody());
            default -> throw new IllegalArgumentException("unknown action '" + action + "' (see dge modules --help)");
        };
        authenticate(request, data);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            err.println("Error: no platform answers at " + url + " (is it running? see --url)");
            return 1;
        }
        String body = response.body();
        if (response.statusCode() >= 400) {
            err.println("Error (HTTP " + response.statusCode() + "): " + body.strip());
            return 1;
        }
        out.println(body.strip());
        return 0;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static String argument(List<String> positional, String usage) {
        if (positional.size() < 2) {
            throw new IllegalArgumentException("usage: dge modules " + usage);
        }
        return positional.get(1);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofMinutes(2)).header("Accept", "text/plain");
    }

    private static HttpRequest.Builder get(String uri) {
        return request(uri).GET();
    }

    private static void authenticate(HttpRequest.Builder request, Path data) throws IOException {
        String token = System.getenv("DGE_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
            return;
        }
        String user = System.getenv().getOrDefault("DGE_USER", "admin");
        String password = System.getenv("DGE_PASSWORD");
        if (password == null && "admin".equals(user)) {
            password = System.getenv("DGE_ADMIN_PASSWORD");
            Path initial = data.resolve("initial-admin-password");
            if (password == null && Files.isReadable(initial)) {
                password = Files.readString(initial, StandardCharsets.UTF_8).strip();
            }
        }
        if (password == null) {
            throw new IllegalArgumentException("no credentials: set DGE_TOKEN, or DGE_USER and DGE_PASSWORD");
        }
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        request.header("Authorization", "Basic " + basic);
    }
}
