package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The map viewer at {@code /maps} (and {@code /maps/}), and its scripts and styles under {@code /maps/static/}
 * (MapLibre GL JS is vendored in the bundle: no CDN). Query parameters: {@code layers=communes,epci},
 * {@code territoire=commune:67482}, {@code integre} for the bare map other plugins embed.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps/*",
        "osgi.http.whiteboard.servlet.name=dge-maps-viewer"})
public class ViewerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The other map services have longer patterns (/maps/wms, /maps/api/*…): this servlet gets the rest.
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            serve(response, "/viewer.html");
        } else if (info.startsWith("/static/")) {
            serve(response, info.substring("/static".length()));
        } else {
            response.sendError(404);
        }
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
