package fr.datagrandest.platform.core.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The browser session cookie {@code DGE_SESSION}: HttpOnly (scripts cannot read it), SameSite=Strict (other
 * sites cannot make the browser send it), Secure when the request came over HTTPS. Never put in URLs.
 */
final class SessionCookie {

    static final String NAME = "DGE_SESSION";

    private SessionCookie() {
    }

    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    static void set(HttpServletRequest request, HttpServletResponse response, String value) {
        response.addHeader("Set-Cookie", NAME + "=" + value + attributes(request));
    }

    static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", NAME + "=; Max-Age=0" + attributes(request));
    }

    private static String attributes(HttpServletRequest request) {
        // Behind a TLS-terminating proxy the request arrives as http: the forwarded scheme still asks for Secure.
        boolean https = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
    }
}
