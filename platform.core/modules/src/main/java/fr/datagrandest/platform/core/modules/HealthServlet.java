package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: 200 when every module that should run is healthy, 503 otherwise; the body says the
 * status of each module. Public, and it never shows more than names, versions and short messages.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/health",
        "osgi.http.whiteboard.servlet.name=dge-health"})
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient ModuleManager modules;

    @Activate
    public HealthServlet(@Reference ModuleManager modules) {
        this.modules = modules;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<ModuleView> list = modules.list();
        boolean down = list.stream().anyMatch(m -> m.health().equals("DOWN"));
        boolean degraded = list.stream().anyMatch(m -> m.health().equals("DEGRADED"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down ? "DOWN" : degraded ? "DEGRADED" : "UP");
        Map<String, Object> perModule = new LinkedHashMap<>();
        for (ModuleView m : list) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", m.health());
            entry.put("version", m.version());
            if (!m.healthMessages().isEmpty()) {
                entry.put("messages", m.healthMessages());
            }
            perModule.put(m.symbolicName(), entry);
        }
        body.put("modules", perModule);
        Responses.json(response, down ? 503 : 200, body);
    }
}
