package fr.datagrandest.platform.core.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServletRequest;

/** Request bodies with a size limit, spooled to a temporary file so nothing large sits in memory. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * Copies the body into a new temporary file in {@code folder}. Refuses with 413 when the declared or the
     * actual length exceeds {@code maxBytes}, and with 400 when the body is empty; the temporary file is
     * removed on failure.
     */
    public static Path spool(HttpServletRequest request, Path folder, long maxBytes) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        Files.createDirectories(folder);
        Path file = Files.createTempFile(folder, "upload-", ".part");
        boolean kept = false;
        try (InputStream in = request.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw HttpProblem.badRequest("the request body is empty: send the file as the body");
            }
            kept = true;
            return file;
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static HttpProblem tooLarge(long maxBytes) {
        return new HttpProblem(413, "Content too large",
                "the upload is larger than the limit of " + (maxBytes / (1024 * 1024)) + " MiB");
    }
}
