package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.RequestBodies;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The module admin REST API:
 * <pre>
 * GET    /api/admin/modules                      list
 * GET    /api/admin/modules/{bsn}                one module
 * GET    /api/admin/modules/{bsn}/versions       versions kept for rollback
 * POST   /api/admin/modules[?dryRun=true][&amp;force=true]   a bundle jar as the body: install or update
 * POST   /api/admin/modules/{bsn}/start|stop|rollback
 * DELETE /api/admin/modules/{bsn}[?dryRun=true]          remove; a dry run lists the modules that use it
 * GET    /api/admin/modules/available             what the configured repositories offer, and what is newer
 * POST   /api/admin/modules/available/{bsn}/install[?version=V][&amp;dryRun=true]   install with what it needs
 * </pre>
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/admin/modules",
        "osgi.http.whiteboard.servlet.pattern=/api/admin/modules/*",
        "osgi.http.whiteboard.servlet.name=dge-modules"})
public class ModulesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModulesServlet.class);
    private final transient ModuleManager modules;

    @Activate
    public ModulesServlet(@Reference ModuleManager modules) {
        this.modules = modules;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            UserIdentity user = AdminAccess.require(request, Roles.MODULE_ADMIN);
            List<String> path = segments(request);
            String method = request.getMethod();
            if (path.isEmpty()) {
                switch (method) {
                    case "GET" -> list(request, response);
                    case "POST" -> deploy(request, response, user);
                    default -> throw new HttpProblem(405, "Method not allowed", method + " is not allowed here: use GET or POST");
                }
                return;
            }
            if (path.get(0).equals("available")) {
                repositories(request, response, user, path);
                return;
            }
            String bsn = path.get(0);
            ModuleJar.requireValidSymbolicName(bsn);
            if (path.size() == 1 && method.equals("GET")) {
                ModuleView view = modules.get(bsn).orElseThrow(() -> HttpProblem.notFound("no module named " + bsn + " is installed"));
                Responses.json(response, 200, view);
            } else if (path.size() == 1 && method.equals("DELETE") && Boolean.parseBoolean(request.getParameter("dryRun"))) {
                List<String> dependants = modules.dependants(bsn);
                String message = dependants.isEmpty() ? "dry run: " + bsn + " can be removed, no other module uses it"
                        : "dry run: removing " + bsn + " affects the modules that use it, which would be restarted "
                                + "and may stop working: " + String.join(", ", dependants);
                if (Responses.wantsText(request)) {
                    Responses.text(response, 200, message + "\n");
                } else {
                    Responses.json(response, 200, Map.of("symbolicName", bsn, "dryRun", true, "dependants", dependants, "message", message));
                }
            } else if (path.size() == 1 && method.equals("DELETE")) {
                answer(request, response, modules.uninstall(bsn, user.username()));
            } else if (path.size() == 2 && path.get(1).equals("versions") && method.equals("GET")) {
                modules.get(bsn).orElseThrow(() -> HttpProblem.notFound("no module named " + bsn + " is installed"));
                List<Map<String, String>> versions = modules.previousVersions(bsn);
                if (Responses.wantsText(request)) {
                    StringBuilder text = new StringBuilder(versions.isEmpty() ? "no previous version kept\n" : "");
                    versions.forEach(v -> text.append(v.get("version")).append("  ").append(v.get("sha256")).append('\n'));
                    Responses.text(response, 200, text.toString());
                } else {
                    Responses.json(response, 200, Map.of("symbolicName", bsn, "previousVersions", versions));
                }
            } else if (path.size() == 2 && method.equals("POST")) {
                OperationResult result = switch (path.get(1)) {
                    case "start" -> modules.start(bsn, user.username());
                    case "stop" -> modules.stop(bsn, user.username());
                    case "rollback" -> modules.rollback(bsn, user.username());
                    default -> throw HttpProblem.notFound("unknown action '" + path.get(1) + "': use start, stop or rollback");
                };
                answer(request, response, result);
            } else {
                throw HttpProblem.notFound("no such module resource: " + request.getRequestURI());
            }
        } catch (UnresolvedModule e) {
            Responses.problem(request, response, e.status(), e.title(), e.getMessage(), Map.of("missingRequirements", e.missing()));
        } catch (HttpProblem e) {
            Responses.problem(request, response, e);
        } catch (RuntimeException e) {
            LOG.error("The module manager failed on {} {}", request.getMethod(), request.getRequestURI(), e);
            Responses.problem(request, response, 500, "Internal error",
                    "the module manager could not answer; the platform log says why", Map.of());
        }
    }

    private void repositories(HttpServletRequest request, HttpServletResponse response, UserIdentity user, List<String> path)
            throws IOException {
        String method = request.getMethod();
        if (path.size() == 1 && method.equals("GET")) {
            ModuleManager.Availability availability = modules.available();
            if (!Responses.wantsText(request)) {
                Responses.json(response, 200, availability);
                return;
            }
            StringBuilder text = new StringBuilder();
            if (availability.repositories().isEmpty()) {
                text.append("no module repository is configured (property 'repositories' of ").append(ModuleManager.PID).append(")\n");
            }
            for (ModuleManager.RepositoryView r : availability.repositories()) {
                text.append(r.available() ? "repository " + r.location() + ": " + r.modules() + " modules\n"
                        : "repository " + r.location() + ": UNAVAILABLE, " + r.problem() + "\n");
            }
            text.append(String.format("%n%-48s %-22s %-22s %s%n", "MODULE", "LATEST", "RUNNING", "VERSIONS"));
            for (ModuleManager.AvailableModule m : availability.modules()) {
                text.append(String.format("%-48s %-22s %-22s %s%n", m.symbolicName(), m.latest(),
                        m.installedVersion().isEmpty() ? "-" : m.installedVersion() + (m.newer() ? " (newer available)" : ""),
                        String.join(", ", m.versions())));
            }
            Responses.text(response, 200, text.toString());
        } else if (path.size() == 3 && path.get(2).equals("install") && method.equals("POST")) {
            ModuleJar.requireValidSymbolicName(path.get(1));
            boolean dryRun = Boolean.parseBoolean(request.getParameter("dryRun"));
            ModuleManager.InstallPlan plan = modules.installFromRepository(path.get(1), request.getParameter("version"),
                    user.username(), dryRun);
            if (Responses.wantsText(request)) {
                StringBuilder text = new StringBuilder(plan.message()).append('\n');
                plan.steps().forEach(s -> text.append("  ").append(s.action()).append(' ').append(s.symbolicName()).append(' ')
                        .append(s.fromVersion().isEmpty() ? "" : s.fromVersion() + " -> ").append(s.toVersion())
                        .append("  sha256 ").append(s.sha256(), 0, 16).append("…\n"));
                Responses.text(response, dryRun || plan.steps().isEmpty() ? 200 : 201, text.toString());
            } else {
                Responses.json(response, dryRun || plan.steps().isEmpty() ? 200 : 201, plan);
            }
        } else {
            throw HttpProblem.notFound("no such repository resource: " + request.getRequestURI()
                    + " (GET /api/admin/modules/available, POST /api/admin/modules/available/{bsn}/install)");
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<ModuleView> list = modules.list();
        if (!Responses.wantsText(request)) {
            Responses.json(response, 200, Map.of("modules", list));
            return;
        }
        StringBuilder text = new StringBuilder(String.format("%-48s %-22s %-9s %-8s %-13s %s%n",
                "MODULE", "VERSION", "STATE", "HEALTH", "SOURCE", "SHA-256"));
        for (ModuleView m : list) {
            text.append(String.format("%-48s %-22s %-9s %-8s %-13s %s%n", m.symbolicName(), m.version(), m.state(),
                    m.health(), m.source(), m.sha256().length() > 16 ? m.sha256().substring(0, 16) + "…" : m.sha256()));
        }
        Responses.text(response, 200, text.toString());
    }

    private void deploy(HttpServletRequest request, HttpServletResponse response, UserIdentity user) throws IOException {
        boolean dryRun = Boolean.parseBoolean(request.getParameter("dryRun"));
        boolean force = Boolean.parseBoolean(request.getParameter("force"));
        Path upload = RequestBodies.spool(request, modules.incomingFolder(), modules.maxUploadBytes());
        OperationResult result = modules.deploy(upload, "upload", user.username(), dryRun, force);
        answer(request, response, result);
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, OperationResult result)
            throws IOException {
        int status = result.action().equals("installed") && !result.dryRun() ? 201 : 200;
        if (Responses.wantsText(request)) {
            Responses.text(response, status, result.message() + "\n");
        } else {
            Responses.json(response, status, result);
        }
    }

    private static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/") || info.isEmpty()) {
            return List.of();
        }
        if (info.contains("..") || info.contains("\\")) {
            throw HttpProblem.badRequest("a module name cannot contain '..' or '\\'");
        }
        return List.of(info.substring(1).split("/"));
    }
}
