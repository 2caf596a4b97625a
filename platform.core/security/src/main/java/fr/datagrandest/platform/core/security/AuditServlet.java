package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/admin/audit?offset=&limit=}: the latest administrative actions first,
 * {@code {"events": [{time, actor, action, target, result, detail}], "total": n}}, or a table for
 * {@code Accept: text/plain}. Platform and module administrators may read it.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/admin/audit",
        "osgi.http.whiteboard.servlet.name=dge-audit"})
public class AuditServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final transient AuditTrail trail;

    @Activate
    public AuditServlet(@Reference AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        withRole(request, Roles.MODULE_ADMIN);
        if (!request.getMethod().equals("GET")) {
            throw methodNotAllowed(request, "GET");
        }
        int offset = number(request, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = number(request, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        List<AuditEvent> events = trail.recent(offset, limit);
        long total = trail.total();
        if (!Responses.wantsText(request)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("events", events);
            body.put("total", total);
            Responses.json(response, 200, body);
            return;
        }
        StringBuilder text = new StringBuilder(String.format("%-20s %-16s %-16s %-40s %-8s %s%n", "TIME", "ACTOR", "ACTION", "TARGET", "RESULT", "DETAIL"));
        for (AuditEvent event : events) {
            text.append(String.format("%-20s %-16s %-16s %-40s %-8s %s%n", event.time().truncatedTo(ChronoUnit.SECONDS),
                    event.actor(), event.action(), event.target(), event.result(), event.detail().replaceAll("\\s+", " ")));
        }
        text.append(events.isEmpty() ? "no event" : "events " + (offset + 1) + "–" + (offset + events.size()))
                .append(" of ").append(total).append('\n');
        Responses.text(response, 200, text.toString());
    }

    private static int number(HttpServletRequest request, String name, int min, int max, int fallback) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpProblem.badRequest("'" + name + "' must be a whole number from " + min + " to " + max + ", not '"
                + AccountRules.printable(value) + "'");
    }
}
