package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** What the security endpoints share: problem answers for every failure, the caller, the path segments. */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            handle(request, response);
        } catch (HttpProblem problem) {
            Responses.problem(request, response, problem);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
            Responses.problem(request, response, 500, "Internal server error",
                    "the request failed on the server; the platform log says why", Map.of());
        }
    }

    abstract void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

    static UserIdentity caller(HttpServletRequest request) {
        return request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE) instanceof UserIdentity user ? user : UserIdentity.ANONYMOUS;
    }

    static UserIdentity signedIn(HttpServletRequest request) {
        UserIdentity user = caller(request);
        if (user.isAnonymous()) {
            throw Refusals.unauthorized(Refusals.SIGN_IN);
        }
        return user;
    }

    /** The caller, when it has the role (platform administrators have every role). */
    static UserIdentity withRole(HttpServletRequest request, String role) {
        UserIdentity user = signedIn(request);
        if (!user.hasRole(role)) {
            throw Refusals.forbidden("the account '" + user.username() + "' lacks the role " + role);
        }
        return user;
    }

    /** The segments of the path after the servlet's pattern: {@code /a/b} gives [a, b]. */
    static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.isEmpty() || info.equals("/")) {
            return List.of();
        }
        return List.of(info.substring(1).split("/", -1));
    }

    static HttpProblem methodNotAllowed(HttpServletRequest request, String allowed) {
        return new HttpProblem(405, "Method not allowed", request.getMethod() + " is not allowed on "
                + request.getRequestURI() + ": use " + allowed);
    }
}
