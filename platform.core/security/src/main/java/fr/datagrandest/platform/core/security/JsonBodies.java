package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.RequestBodies;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.http.HttpServletRequest;

/** JSON request bodies: size-limited, typed, and refused with a 400 that says what is wrong. */
final class JsonBodies {

    private JsonBodies() {
    }

    static <T> T read(HttpServletRequest request, SecuritySettings settings, Class<T> type) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
            // Plain forms cannot send application/json to another site without the browser asking first.
            throw new HttpProblem(415, "Unsupported media type", "send the body as JSON with Content-Type: application/json");
        }
        long limit = settings.maxRequestBytes();
        if (request.getContentLengthLong() == 0) {
            throw HttpProblem.badRequest("the request body is empty: send a JSON object");
        }
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        Path body;
        try {
            body = RequestBodies.spool(request, settings.requestFolder(), limit);
        } catch (HttpProblem e) {
            throw e.status() == 413 ? tooLarge(limit) : e;
        }
        try {
            T value = Responses.JSON.readValue(body.toFile(), type);
            if (value == null) {
                throw HttpProblem.badRequest("the request body is null: send a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw HttpProblem.badRequest("unknown member \"" + e.getPropertyName() + "\" in the JSON body; known members: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            String member = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .collect(Collectors.joining("."));
            throw HttpProblem.badRequest(member.isEmpty() ? "the JSON body must be an object"
                    : "the member \"" + member + "\" of the JSON body has the wrong type");
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest("the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } finally {
            Files.deleteIfExists(body);
        }
    }

    private static HttpProblem tooLarge(long limit) {
        return new HttpProblem(413, "Content too large", "the request body is larger than " + limit / 1024 + " KiB");
    }
}
