package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The map viewer at {@code /maps} (also {@code /maps/}), and its scripts and styles under {@code /maps/static/}
 * (MapLibre GL JS is vendored in the bundle: no CDN). Query parameters: {@code layers=communes,epci},
 * {@code territoire=commune:67482}, {@code integre} for the bare map other plugins embed.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps",
        "osgi.http.whiteboard.servlet.pattern=/maps/",
        "osgi.http.whiteboard.servlet.pattern=/maps/static/*",
        "osgi.http.whiteboard.servlet.name=dge-maps-viewer"})
public class ViewerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        if (servletPath.equals("/maps/static") && info != null) {
            serve(response, info);
            return;
        }
        if (servletPath.equals("/maps") && (info == null || info.equals("/"))) {
            if (request.getRequestURI().equals("/maps")) {
                // Relative links of the page (api/layers, wms, static/) need the trailing slash.
                String q = request.getQueryString();
                response.sendRedirect("/maps/" + (q == null ? "" : "?" + q));
                return;
            }
            serve(response, "/viewer.html");
            return;
        }
        response.sendError(404);
    }

    private void serve(HttpServletResponse response, String path) throws IOException {
        if (path.contains("..") || !path.matches("/[A-Za-z0-9_./-]+")) {
            response.sendError(404);
            return;
        }
        try (InputStream in = ViewerServlet.class.getResourceAsStream("/static" + path)) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            byte[] bytes = in.readAllBytes();
            String type = path.endsWith(".js") ? "text/javascript;charset=UTF-8"
                    : path.endsWith(".css") ? "text/css;charset=UTF-8"
                    : path.endsWith(".html") ? "text/html;charset=UTF-8" : "text/plain;charset=UTF-8";
            response.setContentType(type);
            response.setHeader("Cache-Control", path.endsWith(".html") ? "no-cache" : "public, max-age=3600");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
