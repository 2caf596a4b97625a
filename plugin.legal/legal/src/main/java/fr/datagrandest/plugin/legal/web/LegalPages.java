package fr.datagrandest.plugin.legal.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import fr.datagrandest.plugin.legal.clauses.DocumentFormats;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web pages under {@code /legal}: static French pages and their script and style, all served from the
 * bundle (no CDN). The pages call {@code /legal/api}; the REST application's own context serves that path.
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.pattern=/legal",
        "osgi.http.whiteboard.servlet.pattern=/legal/*"})
public class LegalPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> PAGES = Map.of(
            "", "index.html", "/", "index.html", "/document", "document.html", "/licences", "licences.html",
            "/clauses", "clauses.html", "/assemblage", "assemblage.html", "/questions", "questions.html");
    private static final Map<String, String> STATIC = Map.of(
            "/static/legal.css", "text/css; charset=utf-8", "/static/legal.js", "text/javascript; charset=utf-8",
            "/static/markdown.js", "text/javascript; charset=utf-8");

    /**
     * The assembled document previewed in a frame of the assembly page inherits the page's policy: its inline
     * style (and only it) is allowed by hash, scripts stay refused.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-src 'self' blob:; img-src 'self' data:; "
            + "style-src 'self' 'sha256-" + sha256(DocumentFormats.HTML_STYLE) + "'; script-src 'self'";

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String resource;
        String type;
        if (PAGES.containsKey(path)) {
            resource = "/web/" + PAGES.get(path);
            type = "text/html; charset=utf-8";
            response.setHeader("Cache-Control", "no-cache");
        } else if (STATIC.containsKey(path)) {
            resource = "/web" + path;
            type = STATIC.get(path);
            response.setHeader("Cache-Control", "max-age=300");
        } else {
            response.sendError(404, "Page introuvable");
            return;
        }
        try (InputStream in = LegalPages.class.getResourceAsStream(resource)) {
            if (in == null) {
                response.sendError(404, "Page introuvable");
                return;
            }
            response.setContentType(type);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            in.transferTo(response.getOutputStream());
        }
    }
}
