package fr.datagrandest.platform.core.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Writes the portal's HTML pages with the headers that keep them private and safe. */
final class HtmlResponses {

    /** Only this site's own resources; no inline script, no framing by other sites. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private HtmlResponses() {
    }

    static void write(HttpServletResponse response, int status, String html) throws IOException {
        if (response.isCommitted()) {
            return; // a page already on its way cannot be replaced
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        // The page depends on who is signed in and on the language: never shared by a cache.
        response.setHeader("Cache-Control", "private, no-cache");
        response.setHeader("Vary", "Cookie, Accept-Language");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Keeps the language chosen with {@code ?lang=} for the next pages, for a year. */
    static void rememberLanguage(HttpServletRequest request, HttpServletResponse response) {
        Language.of(request.getParameter("lang")).ifPresent(language -> {
            Cookie cookie = new Cookie(Language.COOKIE, language.tag());
            cookie.setPath("/");
            cookie.setMaxAge(365 * 24 * 3600);
            cookie.setHttpOnly(true);
            cookie.setSecure(request.isSecure());
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        });
    }

    /** True when the client reads HTML (a browser), false for scripts and API clients. */
    static boolean wantsHtml(HttpServletRequest request, String path) {
        if (path.startsWith("/api/")) {
            return false;
        }
        String accept = request.getHeader("Accept");
        return accept == null || accept.contains("text/html") || accept.contains("*/*");
    }
}
