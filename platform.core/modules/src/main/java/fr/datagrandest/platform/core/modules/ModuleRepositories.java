package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The configured module repositories (property {@code repositories} of the module manager's configuration: a
 * comma-separated list of HTTP(S) URLs of an index, index files, or folders holding an {@code index.xml}), read
 * afresh at each call so that what is listed is what the repositories offer now. A repository that is down or
 * whose index is not one is reported with the reason; the others are still used.
 */
final class ModuleRepositories {

    /** An index larger than this is refused rather than read into memory. */
    static final long MAX_INDEX_BYTES = 64L * 1024 * 1024;

    /** One configured repository as it answered: its index, or why there is none. */
    record Status(String location, RepositoryIndex index, String problem) {
        boolean available() {
            return index != null;
        }
    }

    // Built at the first remote read: making an HTTP client loads the TLS stack and the JDK's trusted
    // certificates (about 700 classes), which most platforms, with no remote repository, never need.
    private HttpClient http;

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    static List<String> locations(String configured) {
        return configured == null ? List.of()
                : Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    List<Status> read(List<String> locations, Path dataDir) {
        List<Status> statuses = new ArrayList<>();
        for (String location : locations) {
            statuses.add(readOne(location, dataDir));
        }
        return statuses;
    }

    private Status readOne(String location, Path dataDir) {
        try {
            URI uri = indexUri(location, dataDir);
            try (InputStream in = open(uri, MAX_INDEX_BYTES)) {
                return new Status(location, RepositoryIndex.read(in, uri), "");
            }
        } catch (RepositoryIndex.InvalidIndex e) {
            return new Status(location, null, "the index is not a valid OSGi repository index: " + e.getMessage());
        } catch (IOException e) {
            return new Status(location, null, "the repository cannot be read: " + message(e));
        } catch (IllegalArgumentException e) {
            return new Status(location, null, "the repository location is not valid: " + e.getMessage());
        }
    }

    /** An HTTP(S) URL as is; a folder means its index.xml; a relative path is under the data folder. */
    static URI indexUri(String location, Path dataDir) {
        if (location.startsWith("http://") || location.startsWith("https://") || location.startsWith("file:")) {
            return URI.create(location);
        }
        Path path = Path.of(location);
        if (!path.isAbsolute()) {
            path = dataDir.resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        return (Files.isDirectory(path) ? path.resolve("index.xml") : path).toUri();
    }

    /** Opens a repository resource (index or bundle), refusing what is larger than {@code limit}. */
    InputStream open(URI uri, long limit) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "file" -> {
                Path path = Path.of(uri);
                if (!Files.isRegularFile(path)) {
                    throw new IOException("no file " + path);
                }
                if (Files.size(path) > limit) {
                    throw new IOException(path + " is larger than " + limit + " bytes");
                }
                return Files.newInputStream(path);
            }
            case "http", "https" -> {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
                HttpResponse<InputStream> response;
                try {
                    response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                if (response.statusCode() != 200) {
                    response.body().close();
                    throw new IOException(uri + " answered HTTP " + response.statusCode());
                }
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (length > limit) {
                    response.body().close();
                    throw new IOException(uri + " is larger than " + limit + " bytes");
                }
                return response.body();
            }
            default -> throw new IOException("unsupported scheme '" + scheme + "' in " + uri + " (use http, https or a folder)");
        }
    }

    /** Downloads a bundle into {@code folder} (a temporary file there), at most {@code limit} bytes. */
    Path download(URI uri, Path folder, long limit) throws IOException {
        Files.createDirectories(folder);
        Path target = Files.createTempFile(folder, "repository-", ".jar");
        try (InputStream in = open(uri, limit)) {
            long copied = 0;
            byte[] buffer = new byte[64 * 1024];
            try (var out = Files.newOutputStream(target)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    copied += n;
                    if (copied > limit) {
                        throw new IOException(uri + " is larger than " + limit + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return target;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    static String message(Exception e) {
        String text = e.getMessage();
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "no answer within 5 seconds (is the repository server running?)";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused (is the repository server running?)";
        }
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
    }

    static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
