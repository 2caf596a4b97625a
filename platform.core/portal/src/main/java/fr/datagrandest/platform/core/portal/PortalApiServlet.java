package fr.datagrandest.platform.core.portal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The portal's JSON, for its own scripts and for anyone's:
 * <pre>
 * GET /api/portal/navigation?lang=                   the navigation as the caller sees it
 * GET /api/portal/search?q=&amp;lang=                    the global search: plugins' hits and territories
 * GET /api/portal/territories?q=&amp;level=&amp;lang=        territories by name or code (503 without the territory service)
 * </pre>
 * The language is {@code lang}, else the {@code dge_lang} cookie, else Accept-Language, else French.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/portal/*",
        "osgi.http.whiteboard.servlet.name=dge-portal-api"})
public class PortalApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PortalApiServlet.class);

    private final transient PortalContent content;

    @Activate
    public PortalApiServlet(@Reference PortalContent content) {
        this.content = content;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                response.setHeader("Allow", "GET, HEAD");
                throw new HttpProblem(405, "Method not allowed", request.getMethod() + " is not allowed here: use GET");
            }
            Language language = PageRequest.language(request);
            String info = request.getPathInfo() == null ? "" : request.getPathInfo();
            switch (info) {
                case "/navigation" -> navigation(request, response, language);
                case "/search" -> search(request, response, language);
                case "/territories" -> territories(request, response);
                default -> throw HttpProblem.notFound("no portal resource " + request.getRequestURI()
                        + ": use /api/portal/navigation, /api/portal/search or /api/portal/territories");
            }
        } catch (HttpProblem e) {
            Responses.problem(request, response, e);
        } catch (RuntimeException e) {
            LOG.error("The portal API failed on {}", request.getRequestURI(), e);
            Responses.problem(request, response, 500, "Internal error", "the portal failed to answer; the platform log says why", Map.of());
        }
    }

    private void navigation(HttpServletRequest request, HttpServletResponse response, Language language) throws IOException {
        Object identity = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        UserIdentity user = identity instanceof UserIdentity u ? u : UserIdentity.ANONYMOUS;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("language", language.tag());
        body.put("entries", content.navigation(language, user));
        Responses.json(response, 200, body);
    }

    private void search(HttpServletRequest request, HttpServletResponse response, Language language) throws IOException {
        String query = requiredQuery(request);
        SearchResults results = content.search(query, language);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", results.query());
        body.put("language", language.tag());
        body.put("results", results.hits().stream().map(PortalApiServlet::link).toList());
        body.put("territories", results.territories().stream().map(PortalApiServlet::territory).toList());
        body.put("territoriesAvailable", content.territoriesAvailable());
        Responses.json(response, 200, body);
    }

    private void territories(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = requiredQuery(request);
        String levelName = request.getParameter("level") != null ? request.getParameter("level") : request.getParameter("niveau");
        Optional<TerritoryLevel> level = Optional.empty();
        if (levelName != null && !levelName.isBlank()) {
            level = TerritoryLevels.fromSlug(levelName);
            if (level.isEmpty()) {
                throw HttpProblem.badRequest("unknown level '" + levelName + "': use commune, epci, departement or region");
            }
        }
        if (!content.territoriesAvailable()) {
            throw new HttpProblem(503, "Service unavailable",
                    "the territory service is not running on this platform: territories cannot be searched");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("territories", content.findTerritories(query, level).stream().map(PortalApiServlet::territory).toList());
        Responses.json(response, 200, body);
    }

    private static String requiredQuery(HttpServletRequest request) {
        return PortalContent.cleanQuery(request.getParameter("q")).orElseThrow(
                () -> HttpProblem.badRequest("the parameter q is required: the words or the code to search for"));
    }

    private static Map<String, Object> link(PortalLink link) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", link.title());
        json.put("path", link.path());
        json.put("summary", link.summary());
        json.put("source", link.source());
        return json;
    }

    private static Map<String, Object> territory(Territory territory) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("level", TerritoryLevels.slug(territory.level()));
        json.put("code", territory.code());
        json.put("name", territory.name());
        json.put("population", territory.population());
        json.put("path", TerritoryLevels.path(territory));
        return json;
    }
}
