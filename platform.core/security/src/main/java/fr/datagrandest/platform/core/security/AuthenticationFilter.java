package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates every request before the whiteboard routes it, and stores the caller's {@link UserIdentity}
 * as a request attribute ({@link UserIdentity#ANONYMOUS} without credentials). In order:
 * {@code Authorization: Bearer <API token>}, {@code Authorization: Basic} (throttled like the login form),
 * then the {@code DGE_SESSION} cookie. A cookie-authenticated request that changes state must carry the
 * session's {@code X-CSRF-Token}. Admin paths are refused here to whoever lacks the role.
 * <p>
 * It is registered even while the authenticator waits for its database, so that no request ever goes
 * through unauthenticated: meanwhile credentials and admin paths are answered 503, others pass as anonymous.
 */
@Component(service = {Preprocessor.class, HealthCheck.class}, property = HealthCheck.NAME + "=authentication")
public class AuthenticationFilter implements Preprocessor, HealthCheck {

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);
    private static final String REALM = "realm=\"DataGrandEst\"";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Authenticator authenticator;

    public AuthenticationFilter() {
        // DS sets the authenticator when it is available
    }

    AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Until the authenticator is bound nobody can sign in: the platform is not ready, whatever else runs. */
    @Override
    public HealthResult check() {
        return authenticator == null
                ? HealthResult.down("sign-in is not available yet: the security database is not ready")
                : HealthResult.up("sign-in available");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request) || !(servletResponse instanceof HttpServletResponse original)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        HttpServletResponse response = new UrlsWithoutSessionIds(original);
        // Whatever came before, the identity is this filter's answer only.
        request.setAttribute(UserIdentity.REQUEST_ATTRIBUTE, UserIdentity.ANONYMOUS);
        request.removeAttribute(Session.REQUEST_ATTRIBUTE);
        Authenticator current = authenticator;
        if (current == null) {
            notReady(request, response, chain);
            return;
        }
        try {
            Authenticator.SignedIn signedIn = authenticate(current, request, response);
            request.setAttribute(UserIdentity.REQUEST_ATTRIBUTE, signedIn.identity());
            if (signedIn.session() != null) {
                request.setAttribute(Session.REQUEST_ATTRIBUTE, signedIn.session());
                checkCsrf(request, signedIn.session());
            }
            AdminAccessRules.check(request.getMethod(), paths(request), signedIn.identity());
        } catch (HttpProblem problem) {
            refuse(request, response, problem);
            return;
        } catch (RuntimeException e) {
            LOG.error("Could not authenticate {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
            Responses.problem(request, response, 503, "Service unavailable",
                    "sign-in is unavailable for the moment (the platform log says why): try again later", Map.of());
            return;
        }
        chain.doFilter(request, response);
    }

    /** Without the authenticator nobody can be recognised: refuse what needs someone, let the rest pass. */
    private static void notReady(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean credentials = request.getHeader("Authorization") != null || SessionCookie.read(request) != null;
        if (credentials || AdminAccessRules.isAdminPath(request.getMethod(), paths(request))) {
            response.setHeader("Retry-After", "5");
            Responses.problem(request, response, 503, "Service unavailable",
                    "sign-in is not available yet: the security database is not ready; try again in a few seconds", Map.of());
            return;
        }
        chain.doFilter(request, response);
    }

    private static Authenticator.SignedIn authenticate(Authenticator authenticator, HttpServletRequest request,
            HttpServletResponse response) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.strip();
            int space = value.indexOf(' ');
            String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
            String credentials = space < 0 ? "" : value.substring(space + 1).strip();
            return switch (scheme) {
                case "bearer" -> new Authenticator.SignedIn(authenticator.fromToken(credentials), null);
                case "basic" -> basic(authenticator, request, credentials);
                default -> throw Refusals.unauthorized("the Authorization scheme '" + AccountRules.printable(scheme)
                        + "' is not supported: use Bearer <API token> or Basic");
            };
        }
        String cookie = SessionCookie.read(request);
        if (cookie != null) {
            Optional<Authenticator.SignedIn> session = authenticator.fromSession(cookie);
            if (session.isPresent()) {
                return session.get();
            }
            SessionCookie.clear(request, response); // expired or signed out elsewhere: stop sending it
        }
        return new Authenticator.SignedIn(UserIdentity.ANONYMOUS, null);
    }

    private static Authenticator.SignedIn basic(Authenticator authenticator, HttpServletRequest request, String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Refusals.unauthorized("the Basic credentials are not valid base64 of username:password");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw Refusals.unauthorized("the Basic credentials are not valid base64 of username:password");
        }
        Account account = authenticator.signIn(decoded.substring(0, colon), decoded.substring(colon + 1),
                authenticator.clientAddress(request), Authenticator.Channel.BASIC);
        return new Authenticator.SignedIn(account.identity(), null);
    }

    /** Another site cannot read the session's CSRF token, so a request that carries it comes from our pages. */
    private static void checkCsrf(HttpServletRequest request, Session session) {
        String method = request.getMethod();
        boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
        if (safe || method.equals("POST") && AdminAccessRules.canonical(path(request)).equals("/api/auth/login")) {
            return;
        }
        String token = request.getHeader(CSRF_HEADER);
        if (token == null || token.isBlank()) {
            throw Refusals.forbidden("the " + CSRF_HEADER + " header is missing: send the csrfToken from GET /api/auth/me"
                    + " with every " + method + " of a signed-in browser session");
        }
        if (!Secrets.constantTimeEquals(token.strip(), session.csrfToken())) {
            throw Refusals.forbidden("the " + CSRF_HEADER + " header does not match this session: get the current"
                    + " csrfToken from GET /api/auth/me");
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpProblem problem)
            throws IOException {
        if (problem.status() == 401) {
            String authorization = request.getHeader("Authorization");
            boolean basic = authorization != null && authorization.strip().toLowerCase(Locale.ROOT).startsWith("basic");
            // Browsers pop a password dialog for a Basic challenge, so it is only offered to Basic clients.
            response.setHeader("WWW-Authenticate", basic ? "Basic " + REALM + ", charset=\"UTF-8\"" : "Bearer " + REALM);
        }
        if (problem instanceof TooManyAttempts throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
        }
        Responses.problem(request, response, problem);
    }

    /** The path as routed (decoded by the container) and as sent (raw), both relative to the context. */
    private static List<String> paths(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String context = request.getContextPath();
        if (raw != null && context != null && !context.isEmpty() && raw.startsWith(context)) {
            raw = raw.substring(context.length());
        }
        return List.of(path(request), raw == null ? "" : raw, AdminAccessRules.percentDecoded(raw == null ? "" : raw));
    }

    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}
