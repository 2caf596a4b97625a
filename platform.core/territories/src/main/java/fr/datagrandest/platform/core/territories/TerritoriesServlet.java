package fr.datagrandest.platform.core.territories;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.territory.TerritoryService;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The public territories API, for the portal and plugins:
 * <pre>
 * GET /api/territories?q=&amp;level=&amp;limit=                 search: [{level, code, name, population}]
 * GET /api/territories/{level}/{code}                   one territory, its parents, its children counts
 * GET /api/territories/{level}/{code}/geometry?crs=4326|2154   its outline as a GeoJSON Feature
 * </pre>
 * Levels are {@code commune}, {@code epci}, {@code departement}, {@code region}.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/territories",
        "osgi.http.whiteboard.servlet.pattern=/api/territories/*",
        "osgi.http.whiteboard.servlet.name=dge-territories"})
public class TerritoriesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TerritoriesServlet.class);

    private final transient TerritoryApi api;

    @Activate
    public TerritoriesServlet(@Reference TerritoryService territories) {
        this.api = new TerritoryApi(territories);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                response.setHeader("Allow", "GET, HEAD");
                throw new HttpProblem(405, "Method not allowed", "the territories API is read-only: use GET");
            }
            List<String> path = segments(request);
            if (path.isEmpty()) {
                Responses.json(response, 200, api.search(request.getParameter("q"), request.getParameter("level"),
                        request.getParameter("limit")));
            } else if (path.size() == 2) {
                Responses.json(response, 200, api.describe(path.get(0), path.get(1)));
            } else if (path.size() == 3 && path.get(2).equals("geometry")) {
                writeGeoJson(response, api.feature(path.get(0), path.get(1), request.getParameter("crs")));
            } else {
                throw HttpProblem.notFound("no such territories resource: use /api/territories?q=, "
                        + "/api/territories/{level}/{code} or /api/territories/{level}/{code}/geometry");
            }
        } catch (HttpProblem e) {
            Responses.problem(request, response, e);
        } catch (RuntimeException e) {
            LOG.error("Territories request {} failed", request.getRequestURI(), e);
            Responses.problem(request, response, 500, "Internal error",
                    "the territories could not be read; the error is in the platform log", Map.of());
        }
    }

    private static void writeGeoJson(HttpServletResponse response, Map<String, Object> feature) throws IOException {
        response.setStatus(200);
        response.setContentType("application/geo+json");
        response.setCharacterEncoding("UTF-8");
        // Outlines change only with a new version of this bundle.
        response.setHeader("Cache-Control", "public, max-age=3600");
        Responses.JSON.writeValue(response.getOutputStream(), feature);
    }

    private static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.isEmpty() || info.equals("/")) {
            return List.of();
        }
        return List.of(info.substring(1).split("/", -1));
    }
}
