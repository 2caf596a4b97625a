package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Account administration, for platform administrators:
 * <pre>
 * GET    /api/admin/accounts              {"accounts": [{username, source, enabled, roles, colleges, createdAt, updatedAt}]}
 * POST   /api/admin/accounts              {"username", "password" | "source": "ldap", "roles"?, "colleges"?, "enabled"?} → 201
 * GET    /api/admin/accounts/{username}   one account
 * PUT    /api/admin/accounts/{username}   any of {"roles", "colleges", "enabled", "password", "source"} → 200
 * DELETE /api/admin/accounts/{username}   → 204, with its sessions and API tokens
 * </pre>
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/admin/accounts",
        "osgi.http.whiteboard.servlet.pattern=/api/admin/accounts/*",
        "osgi.http.whiteboard.servlet.name=dge-accounts"})
public class AccountsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private final transient Authenticator authenticator;

    @Activate
    public AccountsServlet(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        UserIdentity admin = withRole(request, Roles.PLATFORM_ADMIN);
        AccountAdministration accounts = authenticator.administration();
        List<String> path = segments(request);
        String method = request.getMethod();
        if (path.isEmpty()) {
            switch (method) {
                case "GET" -> list(request, response, accounts.list());
                case "POST" -> Responses.json(response, 201,
                        accounts.create(JsonBodies.read(request, authenticator.settings(), AccountRequest.class), admin));
                default -> throw methodNotAllowed(request, "GET or POST");
            }
            return;
        }
        if (path.size() != 1) {
            throw HttpProblem.notFound("no such endpoint: " + request.getRequestURI());
        }
        String username = path.get(0);
        if (AccountRules.normalized(username) == null) {
            throw HttpProblem.badRequest("'" + AccountRules.printable(username) + "' is not a valid username");
        }
        switch (method) {
            case "GET" -> Responses.json(response, 200, accounts.get(username));
            case "PUT" -> Responses.json(response, 200,
                    accounts.update(username, JsonBodies.read(request, authenticator.settings(), AccountRequest.class), admin));
            case "DELETE" -> {
                accounts.delete(username, admin);
                response.setHeader("Cache-Control", "no-store");
                response.setStatus(204);
            }
            default -> throw methodNotAllowed(request, "GET, PUT or DELETE");
        }
    }

    private static void list(HttpServletRequest request, HttpServletResponse response, List<AccountView> accounts)
            throws IOException {
        if (!Responses.wantsText(request)) {
            Responses.json(response, 200, Map.of("accounts", accounts));
            return;
        }
        StringBuilder text = new StringBuilder(String.format("%-32s %-6s %-8s %-32s %s%n", "USERNAME", "SOURCE", "ENABLED", "ROLES", "COLLÈGES"));
        for (AccountView account : accounts) {
            text.append(String.format("%-32s %-6s %-8s %-32s %s%n", account.username(), account.source(),
                    account.enabled() ? "yes" : "no", String.join(",", account.roles()), String.join(",", account.colleges())));
        }
        Responses.text(response, 200, text.toString());
    }
}
