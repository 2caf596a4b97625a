package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Small helpers for the plugin's servlets: JSON, problem details, XML escaping, the caller's identity. */
final class Http {

    private Http() {
    }

    static void json(HttpServletResponse response, int status, ObjectMapper mapper, Object body, String type)
            throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** RFC 9457 problem details; the detail is written for users and never holds server internals. */
    static void problem(HttpServletResponse response, ObjectMapper mapper, int status, String title, String detail)
            throws IOException {
        ObjectNode p = mapper.createObjectNode();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        json(response, status, mapper, p, "application/problem+json");
    }

    static void text(HttpServletResponse response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type.contains("charset") ? type : type + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void bytes(HttpServletResponse response, String type, byte[] bytes) throws IOException {
        response.setStatus(200);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The base URL of this server as the client sees it (scheme, host, port), without a trailing slash. */
    static String base(HttpServletRequest request) {
        String proto = request.getHeader("X-Forwarded-Proto");
        String host = request.getHeader("X-Forwarded-Host");
        if (proto == null) {
            proto = request.getScheme();
        }
        if (host == null) {
            host = request.getHeader("Host");
        }
        if (host == null) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return proto + "://" + host;
    }

    static UserIdentity user(HttpServletRequest request) {
        Object u = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        return u instanceof UserIdentity identity ? identity : UserIdentity.ANONYMOUS;
    }

    /** Layers are edited by editors and platform administrators. */
    static boolean mayEdit(UserIdentity user) {
        return user.hasRole(Roles.EDITOR) || user.hasRole(Roles.PLATFORM_ADMIN);
    }
}
