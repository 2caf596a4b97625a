package fr.datagrandest.platform.core.security;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/** Keeps session ids out of URLs: a URL in a page or a log must never sign anyone in. */
final class UrlsWithoutSessionIds extends HttpServletResponseWrapper {

    UrlsWithoutSessionIds(HttpServletResponse response) {
        super(response);
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }
}
