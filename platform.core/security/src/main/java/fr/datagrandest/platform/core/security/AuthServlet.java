package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Browser sign-in:
 * <pre>
 * POST /api/auth/login   {"username","password"} → 200 {"username","roles","colleges","csrfToken"} + DGE_SESSION cookie
 * POST /api/auth/logout  → 204, the session ends
 * GET  /api/auth/me      → 200 the same body (csrfToken null without a session), 401 when anonymous
 * </pre>
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/auth/login",
        "osgi.http.whiteboard.servlet.pattern=/api/auth/logout",
        "osgi.http.whiteboard.servlet.pattern=/api/auth/me",
        "osgi.http.whiteboard.servlet.name=dge-auth"})
public class AuthServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The login and me answer. */
    record Me(String username, List<String> roles, List<String> colleges, String csrfToken) {
        static Me of(UserIdentity user, Session session) {
            return new Me(user.username(), user.roles().stream().sorted().toList(), user.colleges().stream().sorted().toList(),
                    session == null ? null : session.csrfToken());
        }
    }

    /** The login body. */
    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    private final transient Authenticator authenticator;

    @Activate
    public AuthServlet(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        switch (path) {
            case "/api/auth/login" -> {
                requireMethod(request, "POST");
                login(request, response);
            }
            case "/api/auth/logout" -> {
                requireMethod(request, "POST");
                logout(request, response);
            }
            case "/api/auth/me" -> {
                requireMethod(request, "GET");
                Responses.json(response, 200, Me.of(signedIn(request), session(request)));
            }
            default -> throw HttpProblem.notFound("no such endpoint: " + request.getRequestURI());
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Credentials credentials = JsonBodies.read(request, authenticator.settings(), Credentials.class);
        if (credentials.username() == null || credentials.username().isBlank() || credentials.password() == null
                || credentials.password().isEmpty()) {
            throw HttpProblem.badRequest("send {\"username\": \"…\", \"password\": \"…\"}");
        }
        Account account = authenticator.signIn(credentials.username(), credentials.password(), authenticator.clientAddress(request),
                Authenticator.Channel.LOGIN);
        // A new session id at every sign-in: a cookie planted before sign-in is worth nothing after it.
        authenticator.sessions().close(SessionCookie.read(request));
        SessionStore.Opened opened = authenticator.sessions().open(account.username());
        SessionCookie.set(request, response, opened.cookieValue());
        Responses.json(response, 200, Me.of(account.identity(), opened.session()));
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) {
        String cookie = SessionCookie.read(request);
        if (cookie != null) {
            authenticator.sessions().close(cookie);
            SessionCookie.clear(request, response);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(204);
    }

    private static Session session(HttpServletRequest request) {
        return request.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session session ? session : null;
    }

    private static void requireMethod(HttpServletRequest request, String method) {
        if (!method.equals(request.getMethod())) {
            throw methodNotAllowed(request, method);
        }
    }
}
