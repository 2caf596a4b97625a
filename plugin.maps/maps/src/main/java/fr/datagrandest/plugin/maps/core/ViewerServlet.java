package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The map viewer at {@code /maps} (and {@code /maps/}), and its scripts and styles under {@code /maps/static/}
 * (MapLibre GL JS is vendored in the bundle: no CDN). Query parameters: {@code layers=communes,epci},
 * {@code territoire=commune:67482}, {@code bbox=west,south,east,north} (WGS 84 degrees) to open on an area,
 * {@code integre} for the bare map other plugins embed.
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
            String bbox = request.getParameter("bbox");
            if (bbox == null || bbox.isBlank()) {
                serve(response, "/viewer.html");
                return;
            }
            double[] box;
            try {
                box = parseBbox(bbox);
            } catch (IllegalArgumentException e) {
                response.setStatus(400);
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("Paramètre bbox invalide : " + e.getMessage());
                return;
            }
            viewerOn(response, box);
        } else if (info.startsWith("/static/")) {
            serve(response, info.substring("/static".length()));
        } else {
            response.sendError(404);
        }
    }

    /**
     * Reads {@code west,south,east,north} in WGS 84 degrees.
     *
     * @throws IllegalArgumentException with a French message saying what is wrong
     */
    static double[] parseBbox(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("quatre nombres attendus (ouest,sud,est,nord), reçu « " + text + " »");
        }
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                box[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("« " + parts[i].strip() + " » n'est pas un nombre");
            }
        }
        checkBbox(box[0], box[1], box[2], box[3]);
        return box;
    }

    static void checkBbox(double west, double south, double east, double north) {
        for (double v : new double[] {west, south, east, north}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("coordonnée non finie");
            }
        }
        if (west < -180 || east > 180 || south < -90 || north > 90) {
            throw new IllegalArgumentException("longitudes entre -180 et 180, latitudes entre -90 et 90 (degrés WGS 84)");
        }
        if (west > east || south > north) {
            throw new IllegalArgumentException("emprise inversée : ouest doit être ≤ est et sud ≤ nord");
        }
    }

    /** The viewer with the box written into the page, so that the map opens on it before any script runs a request. */
    private void viewerOn(HttpServletResponse response, double[] box) throws IOException {
        String page;
        try (InputStream in = ViewerServlet.class.getResourceAsStream("/static/viewer.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String emprise = box[0] + "," + box[1] + "," + box[2] + "," + box[3];
        byte[] bytes = page.replace("<div id=\"carte\"", "<div id=\"carte\" data-emprise=\"" + emprise + "\"")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
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
