package fr.datagrandest.platform.core.portal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who asks for a page, in which language, and where.
 *
 * @param language        the visitor's language
 * @param user            the visitor ({@link UserIdentity#ANONYMOUS} when not signed in)
 * @param securityRunning false when no security filter identified the request: the security module is absent
 * @param path            the page's path, without the query
 * @param otherParameters the query string without {@code lang}, URL-encoded, empty when there is none
 */
record PageRequest(Language language, UserIdentity user, boolean securityRunning, String path, String otherParameters) {

    static PageRequest of(HttpServletRequest request) {
        Object identity = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // Only a GET's address is kept for the links, so nothing a form posted can end up in one.
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        return new PageRequest(language(request), identity instanceof UserIdentity user ? user : UserIdentity.ANONYMOUS,
                identity instanceof UserIdentity, path.isEmpty() ? "/" : path,
                read ? otherParameters(request.getQueryString()) : "");
    }

    static Language language(HttpServletRequest request) {
        String cookie = null;
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (Language.COOKIE.equals(c.getName())) {
                    cookie = c.getValue();
                }
            }
        }
        return Language.resolve(request.getParameter("lang"), cookie, request.getHeader("Accept-Language"));
    }

    boolean signedIn() {
        return securityRunning && !user.isAnonymous();
    }

    /** This page in another language: the same address with {@code lang} set. */
    String inLanguage(Language other) {
        return path + "?" + (otherParameters.isEmpty() ? "" : otherParameters + "&") + "lang=" + other.tag();
    }

    /** This page's address with its parameters, as a {@code next} target after signing in. */
    String address() {
        return otherParameters.isEmpty() ? path : path + "?" + otherParameters;
    }

    /** The query string without {@code lang}, re-encoded. */
    static String otherParameters(String queryString) {
        if (queryString == null || queryString.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!name.isEmpty() && !name.equals("lang")) {
                kept.add(encode(name) + "=" + encode(value));
            }
        }
        return kept.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
