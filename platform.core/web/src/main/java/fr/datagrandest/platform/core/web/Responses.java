package fr.datagrandest.platform.core.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Writes JSON answers and problem details. */
public final class Responses {

    /** One configured mapper for the kernel: ISO-8601 dates, no failure on empty beans. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Responses() {
    }

    /** True when the client prefers plain text to JSON (the command-line client asks for it). */
    public static boolean wantsText(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.startsWith("text/plain");
    }

    public static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    public static void text(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    public static void problem(HttpServletRequest request, HttpServletResponse response, HttpProblem problem)
            throws IOException {
        problem(request, response, problem.status(), problem.title(), problem.getMessage(), Map.of());
    }

    /**
     * Writes an RFC 9457 problem: {@code application/problem+json} with {@code type}, {@code title},
     * {@code status}, {@code detail}, {@code instance} and any extension members; plain text to clients that
     * prefer it.
     */
    public static void problem(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail, Map<String, ?> extensions) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (wantsText(request)) {
            StringBuilder text = new StringBuilder(detail == null ? title : detail);
            extensions.forEach((k, v) -> {
                if (v instanceof Iterable<?> items) {
                    text.append('\n').append(k).append(':');
                    items.forEach(item -> text.append("\n  - ").append(item));
                }
            });
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", request.getRequestURI());
        body.putAll(extensions);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
