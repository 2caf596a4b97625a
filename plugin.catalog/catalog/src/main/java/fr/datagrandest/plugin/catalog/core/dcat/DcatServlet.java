package fr.datagrandest.plugin.catalog.core.dcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The catalogue as DCAT-AP RDF/XML at /catalog/dcat, paged with Hydra ({@code ?page=&pageSize=}, at most 500). */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/catalog/dcat")
@HttpWhiteboardServletName("catalog-dcat")
public class DcatServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient CatalogService catalog;

    @Activate
    public DcatServlet(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int page;
        int pageSize;
        try {
            page = number(request.getParameter("page"), 1);
            pageSize = number(request.getParameter("pageSize"), 100);
        } catch (NumberFormatException e) {
            problem(response, "page and pageSize must be whole numbers");
            return;
        }
        if (page < 1 || pageSize < 1 || pageSize > 500) {
            problem(response, "page must be 1 or more and pageSize between 1 and 500");
            return;
        }
        var result = catalog.search(new org.apache.lucene.search.MatchAllDocsQuery(), SearchIndex.sort("identifier"),
                (page - 1) * pageSize, pageSize, 0);
        String host = request.getHeader("Host");
        String site = request.getScheme() + "://" + (host != null ? host : request.getServerName() + ":" + request.getServerPort());
        String body = DcatWriter.page(site, result.records(), result.total(), page, pageSize, catalog.configuration().title());
        response.setContentType("application/rdf+xml; charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static int number(String value, int fallback) {
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }

    private static void problem(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(400);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\""
                + detail + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
