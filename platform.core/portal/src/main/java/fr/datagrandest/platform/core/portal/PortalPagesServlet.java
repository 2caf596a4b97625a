package fr.datagrandest.platform.core.portal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The portal's pages:
 * <pre>
 * /                             front page (and the "not found" page for any address nothing else serves)
 * /recherche?q=                 global search
 * /territoires?q=&amp;niveau=       find a territory
 * /territoires/{level}/{code}   a territory: what each plugin offers, its parents and children
 * /login?next=                  sign in
 * /admin                        administration (module-admin or platform-admin)
 * </pre>
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.pattern=/recherche",
        "osgi.http.whiteboard.servlet.pattern=/territoires",
        "osgi.http.whiteboard.servlet.pattern=/territoires/*",
        "osgi.http.whiteboard.servlet.pattern=/login",
        "osgi.http.whiteboard.servlet.pattern=/admin",
        "osgi.http.whiteboard.servlet.name=dge-portal"})
public class PortalPagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PortalPagesServlet.class);
    private static final List<String> PAGES = List.of("/", "/recherche", "/territoires", "/login", "/admin");

    private final transient PortalContent content;
    private final transient PageLayout layout;

    @Activate
    public PortalPagesServlet(BundleContext context, @Reference PortalContent content) {
        this.content = content;
        // Changes with every new build of the bundle, so browsers never keep an old script or style.
        String version = context.getBundle().getVersion() + "-" + Long.toString(context.getBundle().getLastModified(), 36);
        this.layout = new PageLayout(content.messages(), version);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            super.service(request, response); // HEAD gets the GET's headers without the body
            return;
        }
        PageRequest page = PageRequest.of(request);
        if (method.equals("POST") && page.path().equals("/login")) {
            // The form was sent without its script: nothing is done with what it carried.
            String next = LinkTargets.afterLogin(request.getParameter("next"));
            show(response, page, 400, LoginPage.render(texts(page), page, next, true));
        } else if (isPage(page.path())) {
            response.setHeader("Allow", "GET, HEAD");
            error(request, response, page, 405);
        } else {
            error(request, response, page, 404);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PageRequest page = PageRequest.of(request);
        HtmlResponses.rememberLanguage(request, response);
        try {
            route(request, response, page);
        } catch (RuntimeException e) {
            LOG.error("The portal page {} failed", page.path(), e);
            error(request, response, page, 500);
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response, PageRequest page) throws IOException {
        Messages.Texts t = texts(page);
        String path = page.path();
        switch (path) {
            case "/" -> {
                List<NavigationItem> navigation = content.navigation(page.language(), page.user());
                List<NavigationItem> services = navigation.stream().filter(item -> !item.kernel()).toList();
                show(response, page, 200, FrontPage.render(t, services, content.territoriesAvailable()), navigation);
            }
            case "/recherche" -> show(response, page, 200, SearchPage.render(t,
                    PortalContent.cleanQuery(request.getParameter("q")).map(q -> content.search(q, page.language())),
                    content.territoriesAvailable()));
            case "/territoires", "/territoires/" -> {
                Optional<String> query = PortalContent.cleanQuery(request.getParameter("q"));
                Optional<TerritoryLevel> level = TerritoryLevels.fromSlug(request.getParameter("niveau"));
                show(response, page, 200, TerritoryPages.search(t, query.orElse(null), level,
                        query.map(q -> content.findTerritories(q, level)).orElse(List.of()), content.territoriesAvailable()));
            }
            case "/login" -> show(response, page, 200,
                    LoginPage.render(t, page, LinkTargets.afterLogin(request.getParameter("next")), false));
            case "/admin" -> admin(response, page, t);
            default -> {
                if (path.startsWith("/territoires/")) {
                    territory(request, response, page, t, path.substring("/territoires/".length()));
                } else {
                    error(request, response, page, 404);
                }
            }
        }
    }

    private void territory(HttpServletRequest request, HttpServletResponse response, PageRequest page, Messages.Texts t,
            String rest) throws IOException {
        String[] parts = rest.split("/");
        Optional<TerritoryLevel> level = parts.length == 2 ? TerritoryLevels.fromSlug(parts[0]) : Optional.empty();
        if (level.isEmpty() || !TerritoryLevels.isPlausibleCode(parts[1])) {
            error(request, response, page, 404);
            return;
        }
        Optional<TerritoryOverview> overview = content.territory(level.get(), parts[1], page.language());
        if (overview.isEmpty()) {
            error(request, response, page, 404);
            return;
        }
        show(response, page, 200, TerritoryPages.overview(t, overview.get()));
    }

    private void admin(HttpServletResponse response, PageRequest page, Messages.Texts t) throws IOException {
        if (!page.securityRunning()) {
            show(response, page, 503, AdminPage.securityMissing(t));
        } else if (!page.user().hasRole(Roles.MODULE_ADMIN)) {
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect("/login?next=" + PageRequest.encode("/admin"));
        } else {
            show(response, page, 200, AdminPage.render(t));
        }
    }

    private void error(HttpServletRequest request, HttpServletResponse response, PageRequest page, int status)
            throws IOException {
        if (!HtmlResponses.wantsHtml(request, page.path())) {
            String detail = switch (status) {
                case 404 -> "nothing answers " + page.path() + " on this platform; the module that serves it may be stopped or not installed";
                case 405 -> request.getMethod() + " is not allowed on " + page.path() + ": use GET";
                default -> "the portal failed to build this answer; the platform log says why";
            };
            String title = status == 404 ? "Not found" : status == 405 ? "Method not allowed" : "Internal error";
            Responses.problem(request, response, status, title, detail, Map.of());
            return;
        }
        show(response, page, status, ErrorPage.render(texts(page), status, page.path()));
    }

    private void show(HttpServletResponse response, PageRequest page, int status, Page body) throws IOException {
        show(response, page, status, body, content.navigation(page.language(), page.user()));
    }

    private void show(HttpServletResponse response, PageRequest page, int status, Page body,
            List<NavigationItem> navigation) throws IOException {
        HtmlResponses.write(response, status, layout.render(page, navigation, body));
    }

    private Messages.Texts texts(PageRequest page) {
        return content.messages().in(page.language());
    }

    private static boolean isPage(String path) {
        return PAGES.contains(path) || path.startsWith("/territoires/");
    }
}
