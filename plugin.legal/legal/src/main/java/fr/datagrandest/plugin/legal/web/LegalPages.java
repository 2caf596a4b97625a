package fr.datagrandest.plugin.legal.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

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
            response.setHeader("Content-Security-Policy",
                    "default-src 'self'; frame-src 'self' blob:; img-src 'self' data:; style-src 'self'; script-src 'self'");
            in.transferTo(response.getOutputStream());
        }
    }
}
